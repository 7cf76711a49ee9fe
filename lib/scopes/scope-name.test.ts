import { describe, expect, it } from "vitest";
import { customScopeNameSchema, scopeNameSchema } from "../schemas/service-account";
import { scopeGroup } from "./scope-name";

describe("scope names", () => {
  it("accept any RFC 6749 scope-token: billing:read, billing.read, read:users", () => {
    for (const name of ["billing:read", "billing.read", "read:users", "admin", "a", "orders/*:write", "x!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"]) {
      expect(scopeNameSchema.safeParse(name)).toMatchObject({ success: true, data: name });
    }
  });

  it("refuse spaces, quotes, backslashes, non-ASCII and empty names", () => {
    for (const name of ["billing read", 'say"hi', "back\\slash", "café:read", "", "x".repeat(101)]) {
      expect(scopeNameSchema.safeParse(name).success, name).toBe(false);
    }
    expect(customScopeNameSchema.safeParse("tessera:anything").error?.issues[0]?.message).toBe("tessera:* scopes are reserved");
  });

  it("group by the part before the first ':' or '.'", () => {
    expect(scopeGroup("billing:read")).toBe("billing");
    expect(scopeGroup("billing.read")).toBe("billing");
    expect(scopeGroup("read:users")).toBe("read");
    expect(scopeGroup("orders.v2:write")).toBe("orders");
    expect(scopeGroup("admin")).toBe("admin");
    expect(scopeGroup(":odd")).toBe(":odd");
  });
});
