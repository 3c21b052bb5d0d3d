import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { SCIM_URN } from "../fixtures/scim-urns";
import { createHarness, type Harness } from "../harness";

/**
 * What two directory requests at once must not break: one group per name; a person's groups
 * always name each group as it is (a rename racing a join); no one left in a group that is gone
 * (a join racing a deletion); and a person's role always the one all their groups give (two
 * groups gaining them at once). Each race repeated; the invariant checked afterwards.
 */

const { patchOp: PATCH_OP, user: USER_SCHEMA, group: GROUP_SCHEMA } = SCIM_URN;
const ROUNDS = 5;

let h: Harness;
let op: OidcProvider;
let ownerToken = "";
let token = "";
let people = 0;

beforeAll(async () => {
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: "1000" } });
  op = await startOidcProvider({ redirectUri: `${h.deps.settings.publicUrl}/v1/sso/callback` });
  ownerToken = (await h.owner("owner@scim-groups-races.example")).accessToken;
  await h.createTenant(ownerToken, "acme");
  const configured = await configure();
  expect(configured.status, JSON.stringify(configured.body)).toBe(200);
  const res = await h.call("POST", "/v1/scim-tokens", { token: ownerToken, body: { name: "IdP" } });
  token = res.body.token;
});

const ROLES = [
  { group: "operators", role: "OPERATOR" },
  { group: "viewers", role: "VIEWER" },
  ...Array.from({ length: ROUNDS }, (_, round) => ({ group: `renamed-${round}`, role: "OPERATOR" })),
];
/** The mapping every race runs under, with `more` roles beside it; the groups named "operators…" give acme. */
const configure = (more: { group: string; role: string }[] = []) =>
  h.call("PUT", "/v1/sso", {
    token: ownerToken,
    body: {
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      roles: [...ROLES, ...more],
      memberships: [{ group: "operators", tenant: "acme", role: "OPERATOR_FULL" }, ...more.map((mapping) => ({ group: mapping.group, tenant: "acme", role: "OPERATOR_FULL" }))],
      enforced: false,
    },
  });

afterAll(async () => {
  await op?.stop();
});

const scim = (method: string, path: string, body?: unknown) => h.call(method, `/scim/v2${path}`, { token, body });
const patch = (groupId: string, ...Operations: unknown[]) => scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations });
const addMember = (groupId: string, userId: string) => patch(groupId, { op: "add", path: "members", value: [{ value: userId }] });

async function person(): Promise<string> {
  const res = await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: `race-${++people}@scim-groups-races.example` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}
async function group(displayName: string): Promise<string> {
  const res = await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}
/**
 * DynamoDB slow to take one write: the next transaction that records `eventType` is held until
 * `release`, so another request's whole change lands between its reads and its write, the
 * interleaving a parallel race only meets by chance.
 */
function holdNextTransaction(eventType: string) {
  const name = `hold-${eventType}-${++people}`;
  let reached!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let armed = true;
  h.deps.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (armed && context.commandName === "TransactWriteItemsCommand" && JSON.stringify(args.input).includes(`"${eventType}"`)) {
        armed = false;
        reached();
        await released;
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  return {
    held,
    release: () => {
      release();
      h.deps.db.doc.middlewareStack.remove(name);
    },
  };
}

const groupsOf = async (userId: string) => Object.fromEntries((await scim("GET", `/Users/${userId}`)).body.groups.map((entry: { value: string; display: string }) => [entry.value, entry.display]));
const roleOf = async (userId: string) => (await h.call("GET", `/v1/users/${userId}`, { token: ownerToken })).body.role;

describe("races", () => {
  it("two parallel POSTs of one displayName (in two cases): one 201, one 409 uniqueness, one group (repeated)", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `twins-${round}`;
      const answers = await Promise.all([scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: name }), scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: name.toUpperCase() })]);
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
      expect(answers.find((res) => res.status === 409)!.body.scimType).toBe("uniqueness");
      const found = await scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`);
      expect(found.body.totalResults).toBe(1);
    }
  });

  it("a join racing a rename: the person's groups name the group as it ends, their role follows that name (repeated)", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [groupId, userId] = await Promise.all([group(`before-rename-${round}`), person()]);
      const [joined, renamed] = await Promise.all([addMember(groupId, userId), patch(groupId, { op: "replace", path: "displayName", value: `renamed-${round}` })]);
      expect(joined.status, JSON.stringify(joined.body)).toBe(200);
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      expect(await groupsOf(userId)).toEqual({ [groupId]: `renamed-${round}` });
      expect(await roleOf(userId)).toBe("OPERATOR");
    }
  });

  it("a join whose write is overtaken by a whole rename is decided again on the new name", async () => {
    const [groupId, userId] = await Promise.all([group("overtaken-rename"), person()]);
    const hold = holdNextTransaction("GROUP_MEMBER_ADDED");
    const joining = addMember(groupId, userId);
    await hold.held;
    const renamed = await patch(groupId, { op: "replace", path: "displayName", value: "operators-late" });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    hold.release();
    expect((await joining).status).toBe(200);
    expect(await groupsOf(userId)).toEqual({ [groupId]: "operators-late" });
  });

  it("a join whose write is overtaken by a whole deletion finds the group gone (404) and leaves nothing behind", async () => {
    const [groupId, userId] = await Promise.all([group("overtaken-delete"), person()]);
    const hold = holdNextTransaction("GROUP_MEMBER_ADDED");
    const joining = addMember(groupId, userId);
    await hold.held;
    expect((await scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    hold.release();
    expect((await joining).status).toBe(404);
    expect(await groupsOf(userId)).toEqual({});
    expect((await scim("GET", `/Groups/${groupId}`)).status).toBe(404);
  });

  it("a membership an admin grants between a join's reads and its write: the join is decided again on it, never a 500", async () => {
    const [operators, userId] = await Promise.all([group("operators-granted-meanwhile"), person()]);
    expect((await configure([{ group: "operators-granted-meanwhile", role: "OPERATOR" }])).status).toBe(200);
    const hold = holdNextTransaction("GROUP_MEMBER_ADDED");
    const joining = addMember(operators, userId);
    await hold.held;
    const granted = await h.call("PUT", `/v1/tenants/acme/memberships/${userId}`, { token: ownerToken, body: { role: "CLIENT_VIEWER" } });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    hold.release();
    const joined = await joining;
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(await roleOf(userId)).toBe("OPERATOR");
    const acme = await h.call("GET", "/v1/tenants/acme/memberships", { token: ownerToken });
    expect(acme.body.items.find((item: { user: { id: string } }) => item.user.id === userId)?.role).toBe("OPERATOR_FULL");
    expect((await configure()).status).toBe(200);
  });

  it("a join racing a deletion: the group is gone and no one is left in it (repeated)", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [groupId, userId] = await Promise.all([group(`doomed-${round}`), person()]);
      const [joined, deleted] = await Promise.all([addMember(groupId, userId), scim("DELETE", `/Groups/${groupId}`)]);
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
      expect([200, 404]).toContain(joined.status);
      expect((await scim("GET", `/Groups/${groupId}`)).status).toBe(404);
      expect(await groupsOf(userId)).toEqual({});
      expect(await roleOf(userId)).toBe("CLIENT_USER");
    }
  });

  it("two groups gaining one person at once, and two people joining one group at once: everyone's role is what all their groups give (repeated)", async () => {
    const operators = await group("operators");
    const viewers = await group("viewers");
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await Promise.all([person(), person()]);
      const answers = await Promise.all([addMember(operators, a), addMember(viewers, a), addMember(operators, b)]);
      for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await groupsOf(a)).toEqual({ [operators]: "operators", [viewers]: "viewers" });
      expect(await roleOf(a)).toBe("OPERATOR");
      expect(await roleOf(b)).toBe("OPERATOR");
      // And leaving both at once leaves them with least privilege, the membership the group gave revoked.
      const left = await Promise.all([patch(operators, { op: "remove", path: `members[value eq "${a}"]` }), patch(viewers, { op: "remove", path: `members[value eq "${a}"]` })]);
      for (const res of left) expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await roleOf(a)).toBe("CLIENT_USER");
      const acme = await h.call("GET", "/v1/tenants/acme/memberships", { token: ownerToken });
      expect(acme.body.items.map((item: { user: { id: string } }) => item.user.id)).not.toContain(a);
      expect(acme.body.items.map((item: { user: { id: string } }) => item.user.id)).toContain(b);
    }
  });
});
