/**
 * What one request did that the floor repeats: each DynamoDB command as it went on the wire
 * (marshalled, after the document client's conversion) and each argon2 call, with when it ran in
 * the server, so steps that overlapped there overlap in the replay too.
 */
export type StepBody =
  | { kind: "ddb"; command: string; input: Record<string, unknown> }
  | { kind: "hash"; password: string }
  | { kind: "verify"; passwordHash: string; password: string };
export type Step = StepBody & { startedMs: number; endedMs: number; failed?: true };

/** Steps in order of start, grouped where they overlapped in the server (a hash beside a check, a Promise.all of reads). */
export function overlapping(steps: readonly Step[]): Step[][] {
  const groups: Step[][] = [];
  let groupEnd = -Infinity;
  for (const step of [...steps].sort((a, b) => a.startedMs - b.startedMs)) {
    const current = groups.at(-1);
    if (current && step.startedMs < groupEnd) {
      current.push(step);
      groupEnd = Math.max(groupEnd, step.endedMs);
    } else {
      groups.push([step]);
      groupEnd = step.endedMs;
    }
  }
  return groups;
}
