export { runScheduled, type ScheduledRun } from "./scheduled";
