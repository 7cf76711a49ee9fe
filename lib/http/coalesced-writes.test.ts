import { describe, expect, it } from "vitest";
import { coalescedWrites } from "./coalesced-writes";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("coalescedWrites", () => {
  it("writes what became ready in one turn at its end, in order; what a write queues goes out a turn later", async () => {
    const errors: unknown[] = [];
    const soon = coalescedWrites((e) => errors.push(e));
    const written: string[] = [];
    soon(() => written.push("a"));
    await Promise.resolve(); // a settled await within the same turn
    soon(() => {
      written.push("b");
      soon(() => written.push("d"));
    });
    soon(() => written.push("c"));
    expect(written).toEqual([]);
    await nextTurn();
    expect(written).toEqual(["a", "b", "c"]);
    await nextTurn();
    expect(written).toEqual(["a", "b", "c", "d"]);
    expect(errors).toEqual([]);
  });

  it("reports a write that throws and still makes the others", async () => {
    const errors: unknown[] = [];
    const soon = coalescedWrites((e) => errors.push(e));
    const written: string[] = [];
    const broken = new Error("socket gone");
    soon(() => written.push("a"));
    soon(() => {
      throw broken;
    });
    soon(() => written.push("c"));
    await nextTurn();
    expect(written).toEqual(["a", "c"]);
    expect(errors).toEqual([broken]);
  });
});
