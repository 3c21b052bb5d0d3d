export { authenticate } from "./authenticate";
export type { AuthScope } from "./account";
