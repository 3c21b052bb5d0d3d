import { When } from "../ui";

const DAY_MS = 86_400_000;

/**
 * Whether a membership ends within the warning window (the setting that also decides when the
 * expiry job warns its holder), so the page marks it before the access is gone.
 */
export const expiresSoon = (expiresAt: string | null, now: Date, warningDays: number): boolean =>
  expiresAt !== null && Date.parse(expiresAt) - now.getTime() <= warningDays * DAY_MS;

const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * A `datetime-local` value carries no zone; Roster reads it as UTC (the hint beside the field says
 * so), so everyone managing a tenant sets the same instant wherever they are. Empty is no expiry;
 * anything else is left as typed for the API's own schema to refuse in its words.
 */
export function utcFromLocalInput(value: string | undefined): string | null {
  const text = (value ?? "").trim();
  if (text === "") return null;
  if (!LOCAL_INPUT.test(text)) return text;
  return `${text.length === 16 ? `${text}:00` : text}Z`;
}

/** An instant as the `datetime-local` control shows it (UTC, to the minute). */
export const localInputFromUtc = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16) : "");

/** When a membership ends, with a visible mark when that is within the warning window. */
export function Expiry({ at, now, warningDays }: { at: string | null; now: Date; warningDays: number }) {
  return (
    <span class="membership-expiry">
      <When at={at} empty="Never" />
      {expiresSoon(at, now, warningDays) ? <span class="badge badge-warning">Expires soon</span> : null}
    </span>
  );
}
