import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

const ORIGIN = "https://console.example.test";
const follow = (value: unknown) => safeCallbackUrl(value, "/", ORIGIN);

describe("safeCallbackUrl", () => {
  it("keeps the path, query and hash of a same-origin path", () => {
    expect(follow("/acme/audit?action=token.issued&range=24h#top")).toBe("/acme/audit?action=token.issued&range=24h#top");
    expect(follow("/acme/service-accounts/sa_123")).toBe("/acme/service-accounts/sa_123");
    expect(follow("/a%20b?q=%2Fx")).toBe("/a%20b?q=%2Fx");
  });

  it("refuses values a browser resolves to another origin", () => {
    const attacks = [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "\\/evil.example",
      "//evil.example",
      "///evil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      " /\t/evil.example",
      "/\u0000/evil.example",
      "/\u007f/evil.example",
    ];
    for (const value of attacks) expect(follow(value), JSON.stringify(value)).toBe("/");
  });

  it("refuses control characters and backslashes hidden behind percent-encoding", () => {
    const attacks = ["/%09%5Cevil.example", "/%5C%5Cevil.example", "/%2F%2Fevil.example", "/%252F%252Fevil.example", "/%250A/evil.example", "/x%0D%0ASet-Cookie:a=b"];
    for (const value of attacks) expect(follow(value), value).toBe("/");
  });

  it("answers only a path, never an absolute URL, even for the console's own origin", () => {
    expect(follow(`${ORIGIN}/acme`)).toBe("/");
    expect(follow("/acme/../other")).toBe("/other");
  });

  it("falls back on anything that is not a usable string", () => {
    for (const value of [undefined, null, 42, {}, ["/acme"], "", "acme", `/${"a".repeat(5000)}`, "/%E0%A4%A"]) {
      expect(follow(value)).toBe("/");
    }
    expect(safeCallbackUrl("//evil.example", "/sign-in", ORIGIN)).toBe("/sign-in");
  });
});
