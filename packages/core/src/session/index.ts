export { login, type Credentials, type LoginResult } from "./login";
export { refresh } from "./refresh";
export { logout } from "./logout";
export { enrollMfa } from "./mfa-enrollment";
export { confirmMfa, type ConfirmMfaInput } from "./mfa-confirm";
export { EnrollmentError } from "./enrollment-token";
export { sessionIsLive as isLive, type Tokens } from "./session";
export { LoginInput, RefreshInput, MfaEnrollInput, MfaConfirmInput } from "./schemas";
