import { GROUP_SCHEMA, USER_SCHEMA } from "./schemas";

const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

/** RFC 7643 §6: the resources a directory can provision here, by id (`User`, `Group`). */
export const resourceTypes = (base: string) =>
  [
    { id: "User", name: "User", endpoint: "/Users", description: "A person of the workspace.", schema: USER_SCHEMA },
    { id: "Group", name: "Group", endpoint: "/Groups", description: "A directory group: its members get the role and memberships the SSO mapping gives it.", schema: GROUP_SCHEMA },
  ].map((type) => ({ schemas: [RESOURCE_TYPE_SCHEMA], ...type, meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${type.id}` } }));
