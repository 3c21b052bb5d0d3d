import { describe, expect, it } from "vitest";
import { mappedAccess, ROLE_PRECEDENCE } from "./access";

const config = {
  roles: [
    { group: "admins", role: "SUPER_ADMIN" as const },
    { group: "viewers", role: "VIEWER" as const },
    { group: "ops", role: "OPERATOR" as const },
    { group: "clients", role: "CLIENT_USER" as const },
  ],
  memberships: [
    { group: "ops", tenant: "acme", role: "OPERATOR_READONLY" as const },
    { group: "leads", tenant: "acme", role: "OPERATOR_FULL" as const },
    { group: "clients", tenant: "acme", role: "CLIENT_VIEWER" as const },
    { group: "client-admins", tenant: "acme", role: "CLIENT_ADMIN" as const },
    { group: "globex", tenant: "globex", role: "OPERATOR_READONLY" as const },
  ],
};

describe("mappedAccess", () => {
  it("takes the highest mapped role, whatever the order of the groups", () => {
    expect(ROLE_PRECEDENCE).toEqual(["SUPER_ADMIN", "OPERATOR", "VIEWER", "CLIENT_USER"]);
    expect(mappedAccess(config, ["clients", "viewers", "ops"]).role).toBe("OPERATOR");
    expect(mappedAccess(config, ["ops", "admins"]).role).toBe("SUPER_ADMIN");
    expect(mappedAccess(config, ["clients", "viewers"]).role).toBe("VIEWER");
  });

  it("gives no role and no memberships to groups that map to none", () => {
    expect(mappedAccess(config, ["leads", "globex", "unknown"])).toEqual({ role: null, tenants: new Map() });
    expect(mappedAccess(config, [])).toEqual({ role: null, tenants: new Map() });
  });

  it("keeps only memberships the role can hold, the higher tenant role winning", () => {
    expect(mappedAccess(config, ["ops", "leads", "globex", "client-admins"]).tenants).toEqual(new Map([["acme", "OPERATOR_FULL"], ["globex", "OPERATOR_READONLY"]]));
    expect(mappedAccess(config, ["client-admins", "clients"]).tenants).toEqual(new Map([["acme", "CLIENT_ADMIN"]]));
    expect(mappedAccess(config, ["admins", "ops"]).tenants).toEqual(new Map());
  });

  it("ignores a CONTRACTOR mapping stored before such mappings were refused", () => {
    expect(mappedAccess({ roles: [{ group: "c", role: "CONTRACTOR" }], memberships: [] }, ["c"]).role).toBeNull();
  });
});
