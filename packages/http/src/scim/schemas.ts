import { Scim } from "@roster/core";

const { USER_SCHEMA, GROUP_SCHEMA } = Scim;
export { USER_SCHEMA, GROUP_SCHEMA };

type Attribute = {
  name: string;
  type: "string" | "boolean" | "complex" | "reference";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

/** An attribute with RFC 7643 §7's defaults (a single, optional, case-insensitive, read-write string), changed where it says so. */
const attribute = (name: string, description: string, overrides: Partial<Attribute> = {}): Attribute => ({
  name,
  type: "string",
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...overrides,
});

// RFC 7643 §3.1 makes `externalId` common to every resource rather than part of a schema; it is
// listed in each so a client reading Schemas sees that Roster keeps it (what it matches people by).
const externalId = attribute("externalId", "The directory's own identifier of the resource.", { caseExact: true });

/**
 * RFC 7643 §4.1 and §7: the User attributes Roster keeps, and no others (a directory that sends
 * more has them ignored). `userName` is the person's email, unique in the workspace.
 */
const userSchema = {
  id: USER_SCHEMA,
  name: "User",
  description: "A person of the workspace.",
  attributes: [
    attribute("userName", "The person's email address, which they sign in with. Unique.", { required: true, uniqueness: "server" }),
    attribute("name", "The person's name.", {
      type: "complex",
      subAttributes: [attribute("givenName", "Given name."), attribute("familyName", "Family name.")],
    }),
    attribute("displayName", "The name shown for the person."),
    attribute("emails", "The person's one address, their userName, as the primary work email; what a directory sends here is ignored (it changes userName to change it).", {
      type: "complex",
      multiValued: true,
      subAttributes: [
        attribute("value", "The address."),
        attribute("type", "`work`, `home` or `other`."),
        attribute("primary", "Whether this is the person's main address.", { type: "boolean" }),
      ],
    }),
    attribute("active", "False deactivates the person: every session and token of theirs ends.", { type: "boolean" }),
    externalId,
    attribute("groups", "The groups the person is a member of, as the directory pushed them.", {
      type: "complex",
      multiValued: true,
      mutability: "readOnly",
      subAttributes: [
        attribute("value", "The group's id.", { mutability: "readOnly" }),
        attribute("$ref", "The group's URI.", { type: "reference", referenceTypes: ["Group"], mutability: "readOnly" }),
        attribute("display", "The group's displayName.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

/** RFC 7643 §4.2: a group, its members people (Users) of the workspace. */
const groupSchema = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "A directory group.",
  attributes: [
    attribute("displayName", "The group's name, as the SSO mapping names it.", { required: true }),
    attribute("members", "The people in the group.", {
      type: "complex",
      multiValued: true,
      subAttributes: [
        attribute("value", "The member's User id.", { mutability: "immutable" }),
        attribute("$ref", "The member's URI.", { type: "reference", referenceTypes: ["User"], mutability: "immutable" }),
        attribute("display", "The member's displayName.", { mutability: "readOnly" }),
      ],
    }),
    externalId,
  ],
};

/** The Schemas endpoint's documents (RFC 7644 §4), each with where it is served. */
export const coreSchemas = (base: string) =>
  [userSchema, groupSchema].map((schema) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    ...schema,
    meta: { resourceType: "Schema", location: `${base}/Schemas/${schema.id}` },
  }));
