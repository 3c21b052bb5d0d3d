export { createApp, type App, type AppOptions } from "./app";
export type { ClientIp } from "./middleware/request-id";
