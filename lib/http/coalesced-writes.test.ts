import { describe, expect, it } from "vitest";
import { coalescedWrites } from "./coalesced-writes";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("coalescedWrites", () => {
  it("writes what became ready in one turn at its end, in order; what a write queues goes out a turn later", async () => {
    const errors: unknown[] = [];
    const soon = coalescedWrites();
    const failed = (e: unknown) => errors.push(e);
    const written: string[] = [];
    soon(() => written.push("a"), failed);
    await Promise.resolve(); // a settled await within the same turn
    soon(() => {
      written.push("b");
      soon(() => written.push("d"), failed);
    }, failed);
    soon(() => written.push("c"), failed);
    expect(written).toEqual([]);
    await nextTurn();
    expect(written).toEqual(["a", "b", "c"]);
    await nextTurn();
    expect(written).toEqual(["a", "b", "c", "d"]);
    expect(errors).toEqual([]);
  });

  it("tells a write that throws its own failure and still makes the others", async () => {
    const soon = coalescedWrites();
    const written: string[] = [];
    const failures: string[] = [];
    const broken = new Error("socket gone");
    soon(() => written.push("a"), () => failures.push("a"));
    soon(
      () => {
        throw broken;
      },
      (e) => failures.push(e === broken ? "b: socket gone" : "b: ?"),
    );
    soon(() => written.push("c"), () => failures.push("c"));
    await nextTurn();
    expect(written).toEqual(["a", "c"]);
    expect(failures).toEqual(["b: socket gone"]);
  });
});
