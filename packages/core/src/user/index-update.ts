import { IndexKeys } from "../db/keys";
import type { UserItem } from "./user";

/**
 * The SET clause that moves a user's index entries to a new status and/or role, so the team list's
 * filters keep reading only matches. Every write that changes status or role includes it.
 */
export function teamIndexSet(user: Pick<UserItem, "createdAt" | "id" | "status" | "role">, next: Partial<Pick<UserItem, "status" | "role">>) {
  const keys = IndexKeys.team({ ...user, ...next });
  return {
    clause: "gsi2pk = :gsi2pk, gsi3pk = :gsi3pk, gsi4pk = :gsi4pk",
    values: { ":gsi2pk": keys.gsi2pk, ":gsi3pk": keys.gsi3pk, ":gsi4pk": keys.gsi4pk },
  };
}
