/**
 * Every key format of the one table lives here, and only here. Items never share a partition
 * unless an access pattern reads them together (a user's profile and its sessions do: auth is one
 * BatchGet of both).
 */
export type Key = { pk: string; sk: string };

export const Keys = {
  user: (userId: string): Key => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
  /** Claims an email for one user: the invite transaction puts it with attribute_not_exists. */
  email: (email: string): Key => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: "EMAIL" }),
  setupToken: (tokenHash: string): Key => ({ pk: `SETUP#${tokenHash}`, sk: "SETUP" }),
  session: (userId: string, sessionId: string): Key => ({ pk: `USER#${userId}`, sk: `SESSION#${sessionId}` }),
  throttle: (kind: "EMAIL" | "IP", value: string): Key => ({ pk: `THROTTLE#${kind}#${value.toLowerCase()}`, sk: "THROTTLE" }),
  /** The workspace's singletons: who the owner is, how many active SUPER_ADMINs there are. */
  owner: (): Key => ({ pk: "WORKSPACE", sk: "OWNER" }),
  adminCount: (): Key => ({ pk: "WORKSPACE", sk: "ADMINS" }),
  audit: (occurredAt: string, eventId: string): Key => ({ pk: "AUDIT", sk: `${occurredAt}#${eventId}` }),
};

/**
 * Index keys: attribute names and values of the overloaded GSIs. Each index serves several access
 * patterns, told apart by the partition value's prefix; sort keys are time-ordered.
 *
 * | index | partition                 | sort                   | serves                         |
 * |-------|---------------------------|------------------------|--------------------------------|
 * | gsi1  | `USERS`                   | `<createdAt>#<userId>` | the team, newest first         |
 * | gsi1  | `AUDIT#ACTOR#<actorId>`   | `<occurredAt>#<id>`    | audit events by actor          |
 * | gsi2  | `AUDIT#TARGET#<targetId>` | `<occurredAt>#<id>`    | audit events by target         |
 * | gsi3  | `AUDIT#TYPE#<type>`       | `<occurredAt>#<id>`    | audit events by type           |
 * | gsi4  | `AUDIT#TENANT#<slug>`     | `<occurredAt>#<id>`    | audit events by tenant         |
 */
export const IndexKeys = {
  teamList: (createdAt: string, userId: string) => ({ gsi1pk: "USERS", gsi1sk: `${createdAt}#${userId}` }),
  auditByActor: (actorId: string) => `AUDIT#ACTOR#${actorId}`,
  auditByTarget: (targetId: string) => `AUDIT#TARGET#${targetId}`,
  auditByType: (type: string) => `AUDIT#TYPE#${type}`,
  auditByTenant: (slug: string) => `AUDIT#TENANT#${slug}`,
};

