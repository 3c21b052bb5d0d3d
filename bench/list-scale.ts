import { benchClient, type Answer } from "./client";
import { alternatingRatio, type Plan } from "./stats";

/*
 * listScale.ratio: the same list page (GET /v1/users?limit=50) from a team of 10,000 and from a
 * team of 100, alternating request by request against the same server and DynamoDB Local, so the
 * only difference between the two is the table's size.
 */

const LIST = "/v1/users?limit=50";

function fullPage(answer: Answer): number {
  const items = (answer.json as { items: unknown[] }).items;
  // A short page would be cheaper for a reason that is not the table's size.
  if (items.length !== 50) throw new Error(`The list answered ${items.length} users, not a full page of 50.`);
  return answer.ms;
}

export async function measureListScale(smallUrl: string, largeUrl: string, token: string, plan: Plan) {
  const small = benchClient(smallUrl);
  const large = benchClient(largeUrl);
  try {
    const { ratio, numerator, denominator } = await alternatingRatio(plan, async () => ({
      numerator: fullPage(await large.call("GET", LIST, { token, expect: 200 })),
      denominator: fullPage(await small.call("GET", LIST, { token, expect: 200 })),
    }));
    return { ratio, at10000Ms: numerator, at100Ms: denominator };
  } finally {
    small.close();
    large.close();
  }
}
