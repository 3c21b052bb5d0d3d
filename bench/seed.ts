import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Session, Setup, Workspace, type Deps } from "@roster/core";
import { newId } from "@roster/core/crypto/random";
import { claimEmail, putNameEntry, putNewUser, toPublicUser, type UserItem } from "@roster/core/store/users";
import { Keys } from "@roster/core/store/keys";
import type { TenantGrant } from "@roster/core/store/tenant-access";
import type { GuardedWrite } from "@roster/core/store/transact";
import { randomBytes } from "node:crypto";
import { writeItems } from "../test/fixtures/batch-write";
import { stepOf, totpAt } from "../test/totp";

/*
 * The bench's world, written straight into the table in Roster's own item format: the storage
 * layer's own builders make each item (profile, email claim, name entry), and BatchWrite lands
 * them 25 at a time, where the API would hash a password and mail a link per person. Only the
 * owner, whose access token every authenticated request carries, is made through the verbs.
 */

export const PASSWORD = "plum orbit canyon lantern 7";

const CONTEXT = { requestId: "bench", clientRequestId: null, ip: null, userAgent: "roster-bench" };

/** A base32 TOTP seed, as an authenticator app takes it. */
function newTotpSeed(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const byte of randomBytes(20)) bits += byte.toString(2).padStart(8, "0");
  return bits.match(/.{5}/g)!.map((chunk) => alphabet[parseInt(chunk, 2)]).join("");
}

export type SeededPerson = { id: string; email: string; secret: string };

/** The code an authenticator shows now for `secret`. */
export const codeNow = (secret: string) => totpAt(secret, stepOf(new Date()));

/** The code of the next step: Roster accepts it already, and it is never the one just spent. */
const codeNext = (secret: string) => totpAt(secret, stepOf(new Date()) + 1);

/** The owner, set up and signed in through core's verbs: the admin whose token the bench's requests carry. */
export async function seedOwner(deps: Deps, email = "owner@bench.example") {
  const state = await Workspace.ensureOwner(deps, email);
  if (state.state === "active") throw new Error("The bench's table already has an active owner.");
  const token = state.setupUrl.split("#token=")[1]!;
  const { secret } = await Setup.startTotp(deps, token);
  await Setup.complete(deps, { token, displayName: "Bench Owner", password: PASSWORD, totpCode: codeNow(secret) }, CONTEXT);
  const session = await Session.login(deps, { email, password: PASSWORD, totpCode: codeNext(secret) }, CONTEXT);
  return { id: session.user.id, email, secret, accessToken: session.accessToken };
}

export const itemOf = (write: GuardedWrite): Record<string, unknown> => {
  if (!write.write.Put?.Item) throw new Error(`${write.name} is not a put: the seed writes only new items.`);
  return write.write.Put.Item;
};

/**
 * `count` ACTIVE operators with a password (one argon2id hash at production cost, shared: each
 * sign-in still verifies it in full) and an authenticator each, created one second apart before
 * `newest`, as the storage layer writes them.
 */
export function activeUsers(deps: Deps, count: number, passwordHash: string, options: { prefix: string; newest?: Date; memberOf?: (n: number) => Record<string, TenantGrant> }) {
  const newest = (options.newest ?? new Date()).getTime();
  const people: SeededPerson[] = [];
  const items: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const id = newId("usr");
    const email = `${options.prefix}-${n}@bench.example`;
    const secret = newTotpSeed();
    const displayName = `${options.prefix} ${n}`;
    const profile: UserItem = {
      ...Keys.user(id),
      entity: "User",
      id,
      email,
      emailLower: email,
      displayName,
      nameLower: displayName.toLowerCase(),
      role: "OPERATOR",
      status: "ACTIVE",
      isOwner: false,
      mfaEnrolled: true,
      createdAt: new Date(newest - (n + 1) * 1000).toISOString(),
      invitedBy: null,
      lastLoginAt: null,
      source: "local",
      passwordHash,
      totpSecret: deps.secretBox.seal(secret, id),
      tenantAccess: {},
      version: 1,
    };
    const access = options.memberOf?.(n);
    // The bookkeeping the membership writes keep on the profile (see store/memberships.ts countMembership).
    if (access) Object.assign(profile, { tenantAccess: access, operatorMemberships: Object.keys(access).length, memberTenants: new Set(Object.keys(access)) });
    const unexpected = () => new Error(`${email} exists already`);
    items.push(itemOf(putNewUser(deps.db, profile)), itemOf(claimEmail(deps.db, email, id, unexpected)), itemOf(putNameEntry(deps.db, { ...toPublicUser(profile), displayName })));
    people.push({ id, email, secret });
  }
  return { people, items };
}


/** Every item of `from`, written into `to`: a twin that holds what the original holds. */
export async function copyTable(deps: Pick<Deps, "db">, from: string, to: string): Promise<number> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.doc.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  await writeItems(deps, to, items);
  return items.length;
}
