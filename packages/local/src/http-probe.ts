/**
 * One readiness check against a child's HTTP port: true when it answers and `accept` likes the
 * answer, false while nothing listens yet (refused, reset, or no answer within `timeoutMs`).
 * The short timeout matters: a half-started server that accepts but never replies must not
 * stall the startup loop past its own deadline.
 */
export async function httpProbe(
  url: string,
  init: RequestInit,
  accept: (response: Response) => Promise<boolean>,
  timeoutMs = 2_000,
): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    try {
      return await accept(response);
    } finally {
      // Release the connection even when `accept` ignored the body.
      if (!response.bodyUsed) await response.body?.cancel();
    }
  } catch (error) {
    // fetch (and reading its body) reports network failures as TypeError and the timeout as a
    // TimeoutError DOMException: both mean "not up yet". Anything else should surface.
    if (error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError")) return false;
    throw error;
  }
}
