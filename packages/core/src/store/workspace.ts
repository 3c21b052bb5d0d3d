import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, equals, expr, path, update } from "./expression";
import { Keys } from "./keys";
import { getItem } from "./read";
import { Write, type GuardedWrite } from "./transact";

/** The workspace's singletons: who the owner is, and how many ACTIVE SUPER_ADMINs there are. */
const OwnerSchema = z.object({ userId: z.string() });
export const readOwner = (db: Db) => getItem(db, Keys.owner(), decoder("workspace owner", OwnerSchema));

/** The OWNER item is the guard: two runtimes starting at once cannot create two owners. */
export const claimOwnership = (db: Db, userId: string, onConflict: () => Error): GuardedWrite =>
  Write.put(db, "workspace.claimOwnership", { ...Keys.owner(), entity: "Owner", userId }, { condition: absent(), onConflict });

export const passOwnership = (db: Db, from: string, to: string, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "workspace.passOwnership", Keys.owner(), update({ set: { userId: to } }), { condition: equals("userId", from), onConflict });

/**
 * The count of ACTIVE SUPER_ADMINs is an item: leaving it is conditioned on someone remaining, so
 * two admins deactivating each other at once cannot both succeed.
 */
export const leaveActiveAdmins = (db: Db, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "workspace.leaveActiveAdmins", Keys.adminCount(), update({ add: { activeSuperAdmins: -1 } }), {
    condition: expr`${path("activeSuperAdmins")} > ${1}`,
    onConflict,
  });

export const joinActiveAdmins = (db: Db): GuardedWrite => Write.update(db, "workspace.joinActiveAdmins", Keys.adminCount(), update({ add: { activeSuperAdmins: 1 } }));
