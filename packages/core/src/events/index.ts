export { createEventBridgeBus, eventBridgeBus, MAX_ENTRIES_PER_PUT, type BusEntry, type EventBus, type FailedEntry } from "./bus";
export { ADMIN_NOTIFY_EVENT_TYPES, BUS_RULES, matchesPattern, NOTIFY_EVENT_TYPES, NOTIFY_RULE, type BusRule, type EventPattern, type PatternEvent, type PatternMatcher } from "./rules";
export { publishAuditRecords, PUBLISH_ATTEMPTS, type BatchResponse, type PublishAuditDeps } from "./publish-audit";
