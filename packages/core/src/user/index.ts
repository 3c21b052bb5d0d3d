export { invite, type Invitation } from "./invite";
export { me, type Me, type Membership } from "./me";
export { toPublicUser, UserError, type User, type UserItem, type UserStatus } from "./user";
export { InviteUserInput, RoleSchema, EmailSchema } from "./schemas";
