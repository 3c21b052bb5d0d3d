export * from "./event";
export { AUDIT_CATALOG, AUDIT_EVENT_TYPES } from "./catalog";
export { auditWrite as write, recordAlone, AUDIT_ENTITY } from "./record";
export { list, AuditQuery, toAuditEvent } from "./list";
