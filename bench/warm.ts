import { benchClient } from "./client";

/**
 * Runs list and /v1/me requests against every served table for `seconds`, discarded. DynamoDB
 * Local's JVM compiles its hot paths over the first thousands of requests: measured cold, the
 * first rounds would be slower than the later ones whatever they measure.
 */
export async function warmUp(urls: string[], token: string, seconds: number): Promise<number> {
  const clients = urls.map(benchClient);
  const until = performance.now() + seconds * 1000;
  let requests = 0;
  try {
    while (performance.now() < until) {
      for (const http of clients) {
        await http.call("GET", "/v1/users?limit=50", { token, expect: 200 });
        await http.call("GET", "/v1/me", { token, expect: 200 });
        requests += 2;
      }
    }
  } finally {
    for (const http of clients) http.close();
  }
  return requests;
}
