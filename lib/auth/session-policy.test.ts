import { describe, expect, it } from "vitest";
import { sessionCookie } from "./session-policy";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, host-wide, and not Secure over plain http", () => {
    const c = sessionCookie(false);
    expect(c.name).toBe("tessera.session");
    expect(c.options).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
  });

  it("takes the __Host- prefix over https, which needs Secure, Path=/ and no Domain", () => {
    const c = sessionCookie(true);
    expect(c.name.startsWith("__Host-")).toBe(true);
    expect(c.options.secure).toBe(true);
    expect(c.options.path).toBe("/");
    expect(c.options).not.toHaveProperty("domain");
    expect(c.options.httpOnly).toBe(true);
    expect(c.options.sameSite).toBe("lax");
  });
});
