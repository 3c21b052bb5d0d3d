export { change } from "./change";
export { ChangePasswordInput } from "./schemas";
