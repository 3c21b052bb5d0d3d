export { change } from "./change";
export { checkPasswordStrength as checkStrength, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_SCORE } from "./policy";
export { PasswordError } from "./errors";
export type { PasswordHasher } from "./hasher";
export { ChangePasswordInput } from "./schemas";
