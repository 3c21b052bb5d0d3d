export { login, type Credentials, type LoginResult } from "./login";
export { refresh } from "./refresh";
export { logout } from "./logout";
export { authenticate, type Principal } from "./authenticate";
export type { Tokens } from "./session";
export { LoginInput, RefreshInput } from "./schemas";
