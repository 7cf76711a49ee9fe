import { describe, expect, it } from "vitest";
import { diffAccount } from "./diff-account";

const current = { name: "billing", description: "Runs billing", scopes: ["a:read", "b:read"], audiences: ["https://x.example"], tokenTtlSeconds: 3600 };

describe("diffAccount", () => {
  it("sees no change when lists are reordered, text only differs in surrounding space, or the lifetime is the same number as text", () => {
    const diff = diffAccount(current, { ...current, scopes: ["b:read", "a:read"], description: " Runs billing ", tokenTtlSeconds: "3600" });
    expect(diff).toEqual({ changes: [], patch: {}, audit: null });
  });

  it("lists what changed for the review, the patch to send, and before/after for the audit event", () => {
    const diff = diffAccount(current, { name: "billing-v2", scopes: ["a:read", "c:write"], tokenTtlSeconds: 600 });
    expect(diff.changes).toEqual([
      { field: "name", label: "Name", before: "billing", after: "billing-v2" },
      { field: "scopes", label: "Scopes", added: ["c:write"], removed: ["b:read"] },
      { field: "tokenTtlSeconds", label: "Token lifetime", before: "3600 s", after: "600 s" },
    ]);
    expect(diff.patch).toEqual({ name: "billing-v2", scopes: ["a:read", "c:write"], tokenTtlSeconds: 600 });
    expect(diff.audit).toEqual({
      before: { name: "billing", scopes: ["a:read", "b:read"], tokenTtlSeconds: 3600 },
      after: { name: "billing-v2", scopes: ["a:read", "c:write"], tokenTtlSeconds: 600 },
    });
  });
});
