/** Figures as the bench reports them: each one a spread over rounds, never a single run. */
export type Spread = { min: number; median: number; max: number; rounds: number };

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("The median of no values: a measurement produced nothing.");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The value below which `share` (0–1) of the values fall, nearest rank. */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) throw new Error("A percentile of no values: a measurement produced nothing.");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error("A spread of no rounds: a measurement produced nothing.");
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), rounds: values.length };
}

/**
 * A ratio measured round by round: each round's median of `numerator` samples over its median of
 * `denominator` samples, so drift between rounds (a warming JVM, a neighbour's load) cancels out
 * within a round rather than skewing the whole figure. The raw medians are kept beside the ratio.
 */
export function ratioOverRounds(rounds: readonly { numerator: readonly number[]; denominator: readonly number[] }[]) {
  const medians = rounds.map((round) => ({ numerator: median(round.numerator), denominator: median(round.denominator) }));
  for (const round of medians) {
    if (!(round.denominator > 0)) throw new Error(`A ratio over a non-positive median (${round.denominator}): the floor measured nothing.`);
  }
  return {
    ratio: spread(medians.map((round) => round.numerator / round.denominator)),
    numerator: spread(medians.map((round) => round.numerator)),
    denominator: spread(medians.map((round) => round.denominator)),
  };
}

/** How a ratio is measured: pairs run and discarded first, then rounds of pairs. */
export type Plan = { warmup: number; rounds: number; perRound: number };

/**
 * Runs `pair` (one numerator sample and one denominator sample, taken back to back so the two
 * alternate through the whole run) `plan.warmup` times, discarded, then `plan.perRound` times in
 * each of `plan.rounds` rounds; `seen` gets every measured pair (for what a figure keeps beside its ratio).
 */
export async function alternatingRatio<S extends { numerator: number; denominator: number }>(plan: Plan, pair: () => Promise<S>, seen?: (sample: S) => void) {
  for (let n = 0; n < plan.warmup; n++) await pair();
  const rounds: { numerator: number[]; denominator: number[] }[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const numerator: number[] = [];
    const denominator: number[] = [];
    for (let n = 0; n < plan.perRound; n++) {
      const sample = await pair();
      numerator.push(sample.numerator);
      denominator.push(sample.denominator);
      seen?.(sample);
    }
    rounds.push({ numerator, denominator });
  }
  return ratioOverRounds(rounds);
}

export const round2 = (value: number) => Math.round(value * 100) / 100;
