import { ID_ALPHABET } from "../crypto/random";

/**
 * Every key format of the one table lives here, and only here. Items never share a partition
 * unless an access pattern reads them together (a user's profile and its sessions do: auth is one
 * BatchGet of both).
 */
export type Key = { pk: string; sk: string };

const THROTTLE_REPORTS = "THROTTLE_REPORTS";
/**
 * Throttle filings are spread over this many partitions: an attack from many addresses files one
 * report per address and window, all at once, and in one partition (about 1,000 writes a second)
 * those filings would be throttled and the refusals answered 503. The job reads every shard.
 */
export const THROTTLE_REPORT_SHARDS = 8;
/** A stable, even spread of the keys a report is filed under (FNV-1a of its kind and value). */
function throttleReportShard(kind: string, value: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${kind}#${value.toLowerCase()}`) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
  return (hash >>> 0) % THROTTLE_REPORT_SHARDS;
}

/**
 * The audit trail is spread over this many partitions. A partition takes about 1,000 writes a
 * second, and every audited change (every sign-in, every provisioning step) writes one event in its
 * own transaction: in one partition, a burst of sign-ins would throttle every other change. The
 * shard is the event id's last character (random), so events spread evenly; a list reads every
 * shard at once and merges them by time (audit/list.ts). Raising it later is safe (lists read
 * every shard up to it, the old ones included); lowering it would hide events.
 */
export const AUDIT_SHARDS = 4;
/** The shard of an event, from its id or from a sort key that ends with it (`<occurredAt>#evt_…`). */
const auditShard = (idOrSortKey: string) => ID_ALPHABET.indexOf(idOrSortKey.at(-1) ?? "0") % AUDIT_SHARDS;
const auditPartition = (shard: number) => `AUDIT#${shard}`;

const SCIM_TOKENS = "SCIM_TOKENS";
const SCIM_TOKEN_PREFIX = "TOKEN#";

export const Keys = {
  user: (userId: string): Key => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
  /** The user's display-name search entry: a second index entry for the team search (see user/name-entry.ts). */
  userName: (userId: string): Key => ({ pk: `USER#${userId}`, sk: "NAME" }),
  /** Claims an email for one user: the invite transaction puts it with attribute_not_exists. */
  email: (email: string): Key => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: "EMAIL" }),
  setupToken: (tokenHash: string): Key => ({ pk: `SETUP#${tokenHash}`, sk: "SETUP" }),
  /** A pending authenticator re-enrollment after an MFA reset: only the token's hash names it. */
  mfaEnrollment: (tokenHash: string): Key => ({ pk: `ENROLL#${tokenHash}`, sk: "ENROLL" }),
  session: (userId: string, sessionId: string): Key => ({ pk: `USER#${userId}`, sk: `SESSION#${sessionId}` }),
  /** Beside the profile like a session: the token names user and id, so auth is one BatchGet of both. */
  personalToken: (userId: string, tokenId: string): Key => ({ pk: `USER#${userId}`, sk: `PAT#${tokenId}` }),
  /** The sort-key prefix of a user's personal access tokens (the list reads only these). */
  personalTokenPrefix: "PAT#",
  /**
   * One sign-in throttle window of an account or an address: the slots taken in it. A new window is
   * a new item, so a window never needs resetting (and TTL only tidies up).
   */
  throttle: (kind: "EMAIL" | "IP", value: string, windowStart: string): Key => ({
    pk: `THROTTLE#${kind}#${value.toLowerCase()}`,
    sk: `WINDOW#${windowStart}`,
  }),
  /** A throttle window that refused attempts, until the scheduled job has recorded it (LOGIN_THROTTLED). */
  throttleReport: (windowEnd: string, kind: "EMAIL" | "IP", value: string): Key => ({
    pk: `${THROTTLE_REPORTS}#${throttleReportShard(kind, value)}`,
    sk: `${windowEnd}#${kind}#${value.toLowerCase()}`,
  }),
  /** The partitions of those filings, each ordered by window end: the job reads the ended ones of each. */
  throttleReports: Array.from({ length: THROTTLE_REPORT_SHARDS }, (_, shard) => `${THROTTLE_REPORTS}#${shard}`),
  /** The workspace's singletons: who the owner is, how many active SUPER_ADMINs there are. */
  owner: (): Key => ({ pk: "WORKSPACE", sk: "OWNER" }),
  adminCount: (): Key => ({ pk: "WORKSPACE", sk: "ADMINS" }),
  /** The workspace's single sign-on configuration (one identity provider per workspace). */
  sso: (): Key => ({ pk: "WORKSPACE", sk: "SSO" }),
  /** One SSO sign-in under way, named by the SHA-256 of its `state` (the provider hands the state back, never the hash). */
  ssoFlow: (stateHash: string): Key => ({ pk: `SSOFLOW#${stateHash}`, sk: "SSOFLOW" }),
  audit: (occurredAt: string, eventId: string): Key => ({ pk: auditPartition(auditShard(eventId)), sk: `${occurredAt}#${eventId}` }),
  /** The event a sort key of the log (or of an audit index) names: where a page of the trail resumes. */
  auditAt: (sortKey: string): Key => ({ pk: auditPartition(auditShard(sortKey)), sk: sortKey }),
  /** The whole trail: its shards, each a partition ordered by time. */
  auditLog: Array.from({ length: AUDIT_SHARDS }, (_, shard) => auditPartition(shard)),
  /** The shard an event is kept in, 0 to AUDIT_SHARDS - 1: its index entries are sharded alike. */
  auditShardOf: (eventId: string) => auditShard(eventId),
  tenant: (slug: string): Key => ({ pk: `TENANT#${slug}`, sk: "TENANT" }),
  /** In the tenant's partition, so "who is in tenant X" is one Query; the user side is an index. */
  membership: (slug: string, userId: string): Key => ({ pk: `TENANT#${slug}`, sk: `MEMBER#${userId}` }),
  membershipPrefix: "MEMBER#",
  /** An API client and its keys. Auth reads it with the token's other items in one BatchGet. */
  apiClient: (clientId: string): Key => ({ pk: `CLIENT#${clientId}`, sk: "CLIENT" }),
  /** A client assertion's `jti`, claimed once: the token exchange puts it with attribute_not_exists. */
  clientAssertion: (clientId: string, jti: string): Key => ({ pk: `JTI#${clientId}#${jti}`, sk: "JTI" }),
  /**
   * A SCIM directory token. The token string names its id, so authentication is one GetItem. All
   * of them share one partition: a workspace has a handful, and the list is then one strongly
   * consistent Query, newest first off the time-ordered id (a just-made token is listed at once).
   */
  scimToken: (tokenId: string): Key => ({ pk: SCIM_TOKENS, sk: `${SCIM_TOKEN_PREFIX}${tokenId}` }),
  scimTokenPartition: SCIM_TOKENS,
  scimTokenPrefix: SCIM_TOKEN_PREFIX,
  /** A SCIM group; its members are edges in its partition, so "who is in group X" is one strongly consistent Query. */
  scimGroup: (groupId: string): Key => ({ pk: `GROUP#${groupId}`, sk: "GROUP" }),
  scimGroupMember: (groupId: string, userId: string): Key => ({ pk: `GROUP#${groupId}`, sk: `MEMBER#${userId}` }),
  scimGroupMemberPrefix: "MEMBER#",
  /** Claims a group's display name (lowercase) for one group: names are what the SSO mapping matches, so two groups never share one. */
  scimGroupName: (displayName: string): Key => ({ pk: `GROUPNAME#${displayName.toLowerCase()}`, sk: "GROUPNAME" }),
};

const EXPIRY = "EXPIRY";
const API_CLIENTS = "API_CLIENTS";
const SCIM_GROUPS = "GROUPS";
const EXPIRY_WARNING = "EXPIRY_WARNING";

/**
 * Index keys: attribute names and values of the overloaded GSIs. Each index serves several access
 * patterns, told apart by the partition value's prefix; sort keys are time-ordered.
 *
 * | index | partition                 | sort                   | serves                         |
 * |-------|---------------------------|------------------------|--------------------------------|
 * | gsi1  | `USERS`                   | `<createdAt>#<userId>` | the team, newest first         |
 * | gsi2  | `USERS#STATUS#<status>`   | `<createdAt>#<userId>` | the team by status             |
 * | gsi3  | `USERS#ROLE#<role>`       | `<createdAt>#<userId>` | the team by role               |
 * | gsi4  | `USERS#<status>#<role>`   | `<createdAt>#<userId>` | the team by status and role    |
 * | gsi5  | `USERS#SEARCH`            | `<lowercase email or name>#<userId>` | the team search (`q`): a user's profile by email, their name entry by name |
 * | gsi1  | `AUDIT#<shard>#ACTOR#<actorId>`   | `<occurredAt>#<id>` | audit events by actor   |
 * | gsi2  | `AUDIT#<shard>#TARGET#<targetId>` | `<occurredAt>#<id>` | audit events by target  |
 * | gsi3  | `AUDIT#<shard>#TYPE#<type>`       | `<occurredAt>#<id>` | audit events by type    |
 * | gsi4  | `AUDIT#<shard>#TENANT#<slug>`     | `<occurredAt>#<id>` | audit events by tenant  |
 * | gsi1  | `TENANTS`                 | `<slug>`               | tenants, by slug               |
 * | gsi2  | `MEMBERSHIPS#<userId>`    | `<slug>`               | a user's memberships           |
 * | gsi3  | `MEMBERSHIPS`             | `<slug>#<userId>`      | every membership (admin view)  |
 * | gsi4  | `EXPIRY`                  | `<expiresAt>#<slug>#<userId>` | memberships to expire (sparse, until done) |
 * | gsi1  | `EXPIRY_WARNING`          | `<expiresAt>#<slug>#<userId>` | memberships to warn (sparse, until warned) |
 * | gsi1  | `API_CLIENTS`             | `<createdAt>#<clientId>` | API clients, newest first    |
 * | gsi1  | `GROUPS`                  | `<createdAt>#<groupId>` | SCIM groups, oldest first    |
 * | email | `<lowercase email>`       | `PROFILE`              | sign-in: the profile by email, in one read |
 */
export const IndexKeys = {
  /** Every index entry of a user: the team list and its status, role and status+role slices. */
  team: (user: { createdAt: string; id: string; status: string; role: string }) => {
    const sk = `${user.createdAt}#${user.id}`;
    return {
      gsi1pk: "USERS",
      gsi1sk: sk,
      gsi2pk: `USERS#STATUS#${user.status}`,
      gsi2sk: sk,
      gsi3pk: `USERS#ROLE#${user.role}`,
      gsi3sk: sk,
      gsi4pk: `USERS#${user.status}#${user.role}`,
      gsi4sk: sk,
    };
  },
  teamPartition: (filter: { status?: string; role?: string }) =>
    filter.status && filter.role
      ? { index: "gsi4" as const, partition: `USERS#${filter.status}#${filter.role}` }
      : filter.status
        ? { index: "gsi2" as const, partition: `USERS#STATUS#${filter.status}` }
        : filter.role
          ? { index: "gsi3" as const, partition: `USERS#ROLE#${filter.role}` }
          : { index: "gsi1" as const, partition: "USERS" },
  teamSearch: (text: string, userId: string) => ({ gsi5pk: "USERS#SEARCH", gsi5sk: `${text.toLowerCase()}#${userId}` }),
  /** The user a team or search sort key ends with (`…#usr_…`): where a page of the team resumes. */
  userIdOf: (sortKey: string) => sortKey.slice(sortKey.lastIndexOf("#") + 1),
  /** Sharded like the trail (a storm of failed sign-ins is one actor, one type and maybe one target). */
  auditByActor: (actorId: string, shard: number) => `${auditPartition(shard)}#ACTOR#${actorId}`,
  auditByTarget: (targetId: string, shard: number) => `${auditPartition(shard)}#TARGET#${targetId}`,
  auditByType: (type: string, shard: number) => `${auditPartition(shard)}#TYPE#${type}`,
  auditByTenant: (slug: string, shard: number) => `${auditPartition(shard)}#TENANT#${slug}`,
  tenantList: (slug: string) => ({ gsi1pk: "TENANTS", gsi1sk: slug }),
  apiClientList: (createdAt: string, clientId: string) => ({ gsi1pk: API_CLIENTS, gsi1sk: `${createdAt}#${clientId}` }),
  apiClientListPartition: API_CLIENTS,
  scimGroupList: (createdAt: string, groupId: string) => ({ gsi1pk: SCIM_GROUPS, gsi1sk: `${createdAt}#${groupId}` }),
  scimGroupListPartition: SCIM_GROUPS,
  membership: (slug: string, userId: string, expiresAt: string | null, warned = false) => ({
    gsi2pk: `MEMBERSHIPS#${userId}`,
    gsi2sk: slug,
    gsi3pk: "MEMBERSHIPS",
    gsi3sk: `${slug}#${userId}`,
    // Sparse: only memberships whose expiry is still to be recorded are in the expiry index.
    ...(expiresAt ? { gsi4pk: EXPIRY, gsi4sk: `${expiresAt}#${slug}#${userId}` } : {}),
    // Sparse too, until the holder was warned. Keyed by the expiry itself, not by "expiry minus the
    // warning window": the window is a setting, and a changed setting then applies to every membership.
    ...(expiresAt && !warned ? { gsi1pk: EXPIRY_WARNING, gsi1sk: `${expiresAt}#${slug}#${userId}` } : {}),
  }),
  userMemberships: (userId: string) => `MEMBERSHIPS#${userId}`,
  expiryPartition: EXPIRY,
  expiryWarningPartition: EXPIRY_WARNING,
  /**
   * The sort-key bound of both expiry indexes: the entries of every expiry at or before `instant`
   * sort below it (ISO instants have one length, and "$" follows the "#" after them), later ones above.
   */
  expiryBound: (instant: Date) => `${instant.toISOString()}$`,
};

