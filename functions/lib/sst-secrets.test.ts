import type { GetParametersCommand } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { loadSstSecrets, MissingSecretError } from "./sst-secrets";

/** SSM Parameter Store holding `parameters`, recording the names each GetParameters asked for. */
function parameterStore(parameters: Record<string, string>) {
  const calls: string[][] = [];
  const ssm = {
    send: async (command: GetParametersCommand) => {
      const names = command.input.Names ?? [];
      expect(command.input.WithDecryption).toBe(true);
      calls.push(names);
      return {
        Parameters: names.filter((name) => name in parameters).map((name) => ({ Name: name, Value: parameters[name], Type: "SecureString" })),
        InvalidParameters: names.filter((name) => !(name in parameters)),
      };
    },
  };
  return { ssm: ssm as unknown as Parameters<typeof loadSstSecrets>[1], calls };
}

/** What SST sets on a function bound to secrets `names`, on stage prod of app roster. */
const boundEnv = (...names: string[]) => ({
  SST_APP: "roster",
  SST_STAGE: "prod",
  SST_SSM_PREFIX: "/sst/roster/prod/",
  ...Object.fromEntries(names.map((name) => [`SST_Secret_value_${name}`, "__FETCH_FROM_SSM__"])),
});

describe("loadSstSecrets", () => {
  it("does nothing, and calls nothing, for a function without bound secrets", async () => {
    const store = parameterStore({});
    expect(await loadSstSecrets({ SST_APP: "roster", AWS_REGION: "us-east-1" }, store.ssm)).toEqual({});
    expect(store.calls).toEqual([]);
  });

  it("answers each bound secret under its own name, from the stage's parameters", async () => {
    const store = parameterStore({ "/sst/roster/prod/Secret/SIGNING_KEY/value": "sk", "/sst/roster/prod/Secret/TOTP_KEY/value": "tk" });
    expect(await loadSstSecrets(boundEnv("SIGNING_KEY", "TOTP_KEY"), store.ssm)).toEqual({ SIGNING_KEY: "sk", TOTP_KEY: "tk" });
    expect(store.calls).toEqual([["/sst/roster/prod/Secret/SIGNING_KEY/value", "/sst/roster/prod/Secret/TOTP_KEY/value"]]);
  });

  it("uses the app's fallback value for a secret the stage does not set", async () => {
    const store = parameterStore({ "/sst/roster/prod/Secret/SIGNING_KEY/value": "stage", "/sst/roster/.fallback/Secret/TOTP_KEY/value": "fallback" });
    expect(await loadSstSecrets(boundEnv("SIGNING_KEY", "TOTP_KEY"), store.ssm)).toEqual({ SIGNING_KEY: "stage", TOTP_KEY: "fallback" });
    expect(store.calls[1]).toEqual(["/sst/roster/.fallback/Secret/TOTP_KEY/value"]);
  });

  it("fails naming every secret that is set nowhere, and how to set it", async () => {
    const store = parameterStore({ "/sst/roster/prod/Secret/SIGNING_KEY/value": "sk" });
    const loading = loadSstSecrets(boundEnv("SIGNING_KEY", "TOTP_KEY", "OTHER"), store.ssm);
    await expect(loading).rejects.toThrow(MissingSecretError);
    await expect(loading).rejects.toThrow("Secrets not set for stage prod: TOTP_KEY, OTHER. Set each with: npx sst secrets set <NAME> <value> --stage prod");
  });

  it("asks for at most 10 parameters per call", async () => {
    const names = Array.from({ length: 12 }, (_, n) => `KEY_${n}`);
    const store = parameterStore(Object.fromEntries(names.map((name) => [`/sst/roster/prod/Secret/${name}/value`, name.toLowerCase()])));
    const secrets = await loadSstSecrets(boundEnv(...names), store.ssm);
    expect(Object.keys(secrets)).toEqual(names);
    expect(store.calls.map((call) => call.length)).toEqual([10, 2]);
  });

  it("leaves variables SST already resolved alone", async () => {
    const store = parameterStore({});
    expect(await loadSstSecrets({ ...boundEnv(), SST_Secret_value_KEY: "already-a-value" }, store.ssm)).toEqual({});
    expect(store.calls).toEqual([]);
  });
});
