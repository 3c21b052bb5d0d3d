import * as Membership from "../membership";
import * as Throttle from "../throttle";

export type ScheduledRun = Membership.ExpiryRun & { throttlesReported: number };

/**
 * The workspace's scheduled bookkeeping, one run of it: memberships that are due are recorded as
 * expired and their holders warned (Membership.expireDue), then the sign-in throttle windows that
 * refused attempts are recorded (Throttle.reportRefusals). Neither holds the other back; the run
 * fails afterwards if either did, and the next run finds the same work due.
 */
export async function runScheduled(deps: Membership.ExpiryDeps, now = deps.clock.now(), options: Membership.ExpiryOptions = {}): Promise<ScheduledRun> {
  const [expiry, throttles] = await Promise.allSettled([Membership.expireDue(deps, now, options), Throttle.reportRefusals(deps, now, options.requestId)]);
  if (expiry.status === "rejected") throw expiry.reason;
  if (throttles.status === "rejected") throw throttles.reason;
  return { ...expiry.value, throttlesReported: throttles.value.reported };
}
