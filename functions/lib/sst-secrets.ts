import { GetParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";

/*
 * SST v2 hands a bound `Config.Secret` to a function as `SST_Secret_value_<NAME>=__FETCH_FROM_SSM__`
 * plus the right to read `<SST_SSM_PREFIX>Secret/<NAME>/value` (and the app-wide fallback) from SSM
 * Parameter Store, where `sst secrets set` keeps it encrypted. Our entry points read their keys from
 * the environment under the secret's own name, so this resolves the placeholders into exactly those
 * names, once per cold start. The values never appear in the function's configuration.
 */

const PREFIX = "SST_Secret_value_";
const PLACEHOLDER = "__FETCH_FROM_SSM__";
/** GetParameters takes at most 10 names per call. */
const MAX_NAMES = 10;

type Ssm = Pick<SSMClient, "send">;

export class MissingSecretError extends Error {
  override readonly name = "MissingSecretError";
}

/** The bound secrets' values by name: `{ ROSTER_TOKEN_SIGNING_KEY: "…" }`. Empty when none is bound. */
export async function loadSstSecrets(env: Record<string, string | undefined>, ssm: Ssm): Promise<Record<string, string>> {
  const names = Object.keys(env)
    .filter((key) => key.startsWith(PREFIX) && env[key] === PLACEHOLDER)
    .map((key) => key.slice(PREFIX.length));
  if (names.length === 0) return {};

  const app = required(env, "SST_APP");
  const stagePrefix = required(env, "SST_SSM_PREFIX");
  const stagePath = (name: string) => `${stagePrefix}Secret/${name}/value`;
  // `sst secrets set --fallback` stores a value every stage without its own uses.
  const fallbackPath = (name: string) => `/sst/${app}/.fallback/Secret/${name}/value`;

  const values: Record<string, string> = {};
  const found = await getParameters(ssm, names.map(stagePath));
  const missing: string[] = [];
  for (const name of names) {
    const value = found.get(stagePath(name));
    if (value === undefined) missing.push(name);
    else values[name] = value;
  }
  if (missing.length > 0) {
    const fallbacks = await getParameters(ssm, missing.map(fallbackPath));
    const unset = missing.filter((name) => {
      const value = fallbacks.get(fallbackPath(name));
      if (value !== undefined) values[name] = value;
      return value === undefined;
    });
    if (unset.length > 0) {
      const stage = env.SST_STAGE ?? "<stage>";
      throw new MissingSecretError(`Secrets not set for stage ${stage}: ${unset.join(", ")}. Set each with: npx sst secrets set <NAME> <value> --stage ${stage}`);
    }
  }
  return values;
}

async function getParameters(ssm: Ssm, paths: string[]): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (let start = 0; start < paths.length; start += MAX_NAMES) {
    const { Parameters } = await ssm.send(new GetParametersCommand({ Names: paths.slice(start, start + MAX_NAMES), WithDecryption: true }));
    for (const parameter of Parameters ?? []) {
      if (parameter.Name && parameter.Value !== undefined) values.set(parameter.Name, parameter.Value);
    }
  }
  return values;
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set for this function (SST sets it on every function it deploys).`);
  return value;
}
