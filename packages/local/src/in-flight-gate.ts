/**
 * At most `limit` tasks at once; the rest wait their turn, first come first served. Nothing is
 * refused: a task that waits is only later, never failed.
 */
export function inFlightGate(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run<T>(task: () => Promise<T> | T): Promise<T> {
      // A freed slot passes straight to the next in line (`running` stays), so no newcomer overtakes it.
      if (running < limit) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get waiting() {
      return waiting.length;
    },
  };
}
