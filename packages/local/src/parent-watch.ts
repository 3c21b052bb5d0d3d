/**
 * Calls `onGone` once the process that started this one has exited. Signals cover a parent that
 * is asked to stop (npm forwards SIGINT and SIGTERM); this covers the one that is killed outright
 * (`kill -9` on npm, a supervisor's last resort), after which no signal ever reaches us and
 * DynamoDB Local and the SES emulator would keep their ports. An orphan is re-parented (to init or
 * a subreaper), so a changed parent pid means the parent is gone; polling is the portable way to
 * see that, and the timer is unref'd so it never keeps the process alive.
 */
export function watchParent(onGone: () => void, intervalMs = 1_000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
