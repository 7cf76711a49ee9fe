import { describe, expect, it } from "vitest";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";

/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const RFC6749_DESCRIPTION = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

describe("OAuth error descriptions", () => {
  it("carry no character RFC 6749 forbids, even when they quote what the client sent", async () => {
    const { created } = await orgWithServiceAccount();
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string] };
    const audience = await token({ grant_type: "client_credentials", audience: 'https://ünïcode.example/"quoted"\\\u0001' }, auth);
    expect(audience.body.error).toBe("invalid_target");
    expect(audience.body.error_description).toMatch(RFC6749_DESCRIPTION);
    expect(audience.body.error_description).toContain("https://?n?code.example/?quoted???");
    const repeated = await token({ grant_type: "client_credentials", "naïve\"": ["1", "2"] }, auth);
    expect(repeated.body.error).toBe("invalid_request");
    expect(repeated.body.error_description).toMatch(RFC6749_DESCRIPTION);
  });
});
