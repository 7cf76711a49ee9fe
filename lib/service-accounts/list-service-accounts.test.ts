import { describe, expect, it } from "vitest";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { createServiceAccount } from "./create-service-account";
import { listServiceAccounts } from "./list-service-accounts";
import { deactivateServiceAccount } from "./set-service-account-status";

async function orgWithAccounts(names: string[]) {
  const owner = await makeUser();
  const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
  const actor = actorFor(owner);
  for (const [i, name] of names.entries()) {
    await createServiceAccount(actor, org.slug, { name, audiences: ["https://api.example.com"] }, new Date(Date.UTC(2030, 0, 1, 0, 0, i % 3)));
  }
  return { org, actor };
}

async function walk(actor: Parameters<typeof listServiceAccounts>[0], slug: string, query: { sort: "name" | "createdAt"; dir: "asc" | "desc"; status?: "ACTIVE" | "DISABLED" }) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await listServiceAccounts(actor, slug, { ...query, pageSize: 2, cursor });
    seen.push(...page.rows.map((r) => r.name));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("the cursor never ended");
}

describe("listServiceAccounts by keyset cursor", () => {
  const names = ["delta", "alpha", "echo", "charlie", "bravo", "foxtrot", "golf"];

  it("walks every account exactly once, in order, by name or by creation time (ties on time included)", async () => {
    const { org, actor } = await orgWithAccounts(names);
    const all = async (sort: "name" | "createdAt", dir: "asc" | "desc") => (await listServiceAccounts(actor, org.slug, { sort, dir, pageSize: 100 })).rows.map((r) => r.name);
    for (const sort of ["name", "createdAt"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const walked = await walk(actor, org.slug, { sort, dir });
        expect(walked, `${sort} ${dir}`).toEqual(await all(sort, dir));
        expect(new Set(walked).size).toBe(names.length);
      }
    }
    expect(await walk(actor, org.slug, { sort: "name", dir: "asc" })).toEqual([...names].sort());
  });

  it("keeps the filters while paging, and refuses a cursor made for another sort (422)", async () => {
    const { org, actor } = await orgWithAccounts(names);
    const rows = (await listServiceAccounts(actor, org.slug, { pageSize: 100 })).rows;
    for (const name of ["bravo", "delta", "foxtrot"]) await deactivateServiceAccount(actor, org.slug, rows.find((r) => r.name === name)!.clientId);
    expect(await walk(actor, org.slug, { sort: "name", dir: "desc", status: "DISABLED" })).toEqual(["foxtrot", "delta", "bravo"]);
    const first = await listServiceAccounts(actor, org.slug, { sort: "name", pageSize: 2 });
    await expect(listServiceAccounts(actor, org.slug, { sort: "createdAt", cursor: first.nextCursor! })).rejects.toMatchObject({ code: "validation_failed", status: 422 });
    await expect(listServiceAccounts(actor, org.slug, { cursor: "garbage" })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
