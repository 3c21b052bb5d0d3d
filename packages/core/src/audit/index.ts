export * from "./event";
export { AUDIT_CATALOG, AUDIT_EVENT_TYPES } from "./catalog";
export { auditWrite as write, recordAlone } from "./record";
export { list, AuditQuery, toAuditEvent } from "./list";
export { AUDIT_ENTITY } from "../store/audit";
