export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** RFC 7644 §3.4.2: a list, all of it on one page here (`startIndex` is 1-based). */
export const listResponse = <T>(resources: T[], startIndex = 1, totalResults = resources.length) => ({
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults,
  itemsPerPage: resources.length,
  startIndex,
  Resources: resources,
});
