import { describe, expect, it } from "vitest";
import { DeployConfigError, isProtectedStage, readDeployConfig, senderAddress } from "./config";
import { toCdkEventPattern } from "./event-pattern";

const base = { ROSTER_MAIL_FROM: "Roster <No-Reply@Example.com>" };

describe("readDeployConfig", () => {
  it("needs the sender, and verifies the sender's own address by default", () => {
    expect(() => readDeployConfig({})).toThrow(DeployConfigError);
    const config = readDeployConfig(base);
    expect(config.mailFrom).toBe("Roster <No-Reply@Example.com>");
    expect(config.sesIdentity).toEqual({ kind: "email", value: "no-reply@example.com" });
    expect(config.customDomain).toBeUndefined();
    expect(config.settings).toEqual({ ROSTER_SERVER_TIMING: "off" });
  });

  it("turns Server-Timing off unless the stage asks for it: a round-trip count on auth routes is a side channel", () => {
    expect(readDeployConfig(base).settings.ROSTER_SERVER_TIMING).toBe("off");
    expect(readDeployConfig({ ...base, ROSTER_SERVER_TIMING: "on" }).settings.ROSTER_SERVER_TIMING).toBe("on");
  });

  it("verifies the sender's domain when ROSTER_SES_IDENTITY names it, and nothing else", () => {
    expect(readDeployConfig({ ...base, ROSTER_SES_IDENTITY: "example.com" }).sesIdentity).toEqual({ kind: "domain", value: "example.com" });
    expect(() => readDeployConfig({ ...base, ROSTER_SES_IDENTITY: "other.org" })).toThrow(/must be the sender's address .* or its domain/);
  });

  it("takes a custom domain only with its certificate", () => {
    const arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    expect(readDeployConfig({ ...base, ROSTER_DOMAIN: "Roster.Example.com", ROSTER_CERTIFICATE_ARN: arn }).customDomain).toEqual({
      domainName: "roster.example.com",
      certificateArn: arn,
    });
    expect(() => readDeployConfig({ ...base, ROSTER_DOMAIN: "roster.example.com" })).toThrow(/go together/);
  });

  it("refuses a local http:// public URL for a deployed stage", () => {
    expect(() => readDeployConfig({ ...base, ROSTER_PUBLIC_URL: "http://127.0.0.1:3000" })).toThrow(/https/);
    expect(readDeployConfig({ ...base, ROSTER_PUBLIC_URL: "https://team.example.com" }).publicUrl).toBe("https://team.example.com");
  });

  it("forwards only the listed core settings, checked as core checks them", () => {
    const config = readDeployConfig({ ...base, ROSTER_SETUP_TTL_HOURS: "24", ROSTER_TOKEN_SIGNING_KEY: "{secret}", ROSTER_DATA_DIR: "/x" });
    expect(config.settings).toEqual({ ROSTER_SETUP_TTL_HOURS: "24", ROSTER_SERVER_TIMING: "off" });
    expect(() => readDeployConfig({ ...base, ROSTER_SETUP_TTL_HOURS: "soon" })).toThrow(/ROSTER_SETUP_TTL_HOURS/);
  });

  it("never forwards ROSTER_ALLOW_LOOPBACK_FETCH: a deployed function fetches a client's JWKS only from public addresses", () => {
    expect(readDeployConfig({ ...base, ROSTER_ALLOW_LOOPBACK_FETCH: "on" }).settings).toEqual({ ROSTER_SERVER_TIMING: "off" });
  });

  it("checks the alarm address", () => {
    expect(readDeployConfig({ ...base, ROSTER_ALARM_EMAIL: "ops@example.com" }).alarmEmail).toBe("ops@example.com");
    expect(() => readDeployConfig({ ...base, ROSTER_ALARM_EMAIL: "ops" })).toThrow(DeployConfigError);
  });
});

describe("senderAddress", () => {
  it("reads both forms of a sender", () => {
    expect(senderAddress("no-reply@example.com")).toBe("no-reply@example.com");
    expect(senderAddress('"Roster, Inc." <Team@Example.com>')).toBe("team@example.com");
    expect(() => senderAddress("Roster")).toThrow(DeployConfigError);
  });
});

describe("stages", () => {
  it("protects prod and staging only", () => {
    expect(["prod", "staging", "dev", "alice", "pr-42"].map(isProtectedStage)).toEqual([true, true, false, false, false]);
  });
});

describe("toCdkEventPattern", () => {
  it("renames EventBridge's fields as CDK names them and refuses unknown ones", () => {
    expect(toCdkEventPattern({ source: ["roster"], "detail-type": ["A"], detail: { tenant: [{ prefix: "x" }] } })).toEqual({
      source: ["roster"],
      detailType: ["A"],
      detail: { tenant: [{ prefix: "x" }] },
    });
    expect(() => toCdkEventPattern({ "detail-typo": ["A"] })).toThrow(/not a field/);
  });
});
