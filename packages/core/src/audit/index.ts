export * from "./event";
export { auditWrite as write, recordAlone, diff, AUDIT_ENTITY } from "./record";
