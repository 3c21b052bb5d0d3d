export { ensureOwner, type OwnerState } from "./ensure-owner";
