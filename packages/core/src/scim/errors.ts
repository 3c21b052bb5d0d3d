import { error } from "../error";

/**
 * What a SCIM directory is refused with. Each has a SCIM `scimType` of its own where RFC 7644
 * §3.12 defines one (mapped in the HTTP layer's SCIM error handler).
 */
export const ScimError = {
  invalidFilter: error("scim.invalid_filter", (detail: string) => `${detail} Roster filters on userName, externalId and displayName with eq, joined by and.`),
  invalidSyntax: error("scim.invalid_syntax", (detail: string) => detail),
  invalidPath: error("scim.invalid_path", (path: string) => `The PATCH path ${path} is not one Roster can apply.`),
  invalidValue: error("scim.invalid_value", (detail: string) => detail),
  userNameImmutable: error("scim.user_name_immutable", "userName is the person's email: it can be replaced, not removed."),
  ownerProtected: error("scim.owner_protected", "The owner cannot be deactivated or removed by a directory: transfer ownership in Roster first."),
  groupNotFound: error("scim.group_not_found", (groupId: string) => `No group has the id ${groupId}.`),
  groupNameTaken: error("scim.group_name_taken", (displayName: string) => `A group is already named ${displayName} (names are compared case-insensitively: they are what the SSO mapping matches).`),
  unknownMember: error("scim.unknown_member", (userId: string) => `No person has the id ${userId}: provision them (POST /Users) before adding them to a group.`),
  localPerson: error("scim.local_person", "This person was invited in Roster, not provisioned by the directory or the identity provider: a directory may read them but not change them."),
};
