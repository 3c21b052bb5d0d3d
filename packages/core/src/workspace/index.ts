export { ensureOwner, WorkspaceError, type OwnerState } from "./ensure-owner";
