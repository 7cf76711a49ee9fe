import { describe, expect, it } from "vitest";
import { orgSlugSchema } from "./organization";

describe("organisation slugs", () => {
  it.each(["api", "oauth", "sign-in", "setup", "invite", "orgs"])("refuses the reserved slug %s", (slug) => {
    expect(orgSlugSchema.safeParse(slug).success).toBe(false);
  });
  it.each(["-acme", "acme-", "Acme Corp", "a", "ac_me"])("refuses the malformed slug %j", (slug) => {
    expect(orgSlugSchema.safeParse(slug).success).toBe(false);
  });
  it("accepts and lower-cases a good slug", () => {
    expect(orgSlugSchema.parse(" Acme-Prod ")).toBe("acme-prod");
  });
});
