import type { Spread } from "./stats";

/*
 * results.json and the printed table. A figure passes on its median; min and max show how much
 * the rounds agreed.
 */

export type Row = { key: string; what: string; target: string; figure: Spread; unit: string; pass: boolean | null };

/** `value ≤ limit` as a row's verdict; null where the figure is only reported. */
export const atMost = (figure: Spread, limit: number) => figure.median <= limit;

const show = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

export function formatTable(rows: Row[]): string {
  const header = ["key", "what", "target", "min", "median", "max", "result"];
  const body = rows.map((row) => [
    row.key,
    row.what,
    row.target,
    `${show(row.figure.min)}${row.unit}`,
    `${show(row.figure.median)}${row.unit}`,
    `${show(row.figure.max)}${row.unit}`,
    row.pass === null ? "reported" : row.pass ? "pass" : "FAIL",
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((line) => line[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

export type RoundTripRow = { request: string; calls: number; budget: number | null };

export function formatRoundTrips(rows: RoundTripRow[]): string {
  return formatTable(
    rows.map((row) => ({
      key: "roundTrips",
      what: row.request,
      target: row.budget === null ? "no budget" : `≤ ${row.budget}`,
      figure: { min: row.calls, median: row.calls, max: row.calls, rounds: 1 },
      unit: "",
      pass: row.budget === null ? null : row.calls <= row.budget,
    })),
  );
}
