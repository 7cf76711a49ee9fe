import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./hash";

/** The definition canonicalJson must keep to: stored hashes, ETags and idempotency keys depend on its exact text. */
function definition(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v instanceof Date) return v.toISOString();
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** What a call gave: its text, or the error it threw (an invalid Date throws in both). */
function outcome(f: () => string): { text: string } | { threw: string } {
  try {
    return { text: f() };
  } catch (e) {
    return { threw: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

describe("canonicalJson", () => {
  it("writes what JSON.stringify writes of a key-sorted copy, for any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === definition(v)), { numRuns: 2_000 });
  });

  it("also for dates, undefined members, sparse arrays, null prototypes and odd keys", () => {
    const values = fc.anything({ withDate: true, withSparseArray: true, withNullPrototype: true, withObjectString: true, key: fc.string({ unit: "binary" }) });
    fc.assert(
      fc.property(values, (v) => {
        expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => definition(v)));
      }),
      { numRuns: 2_000 },
    );
  });

  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: [3, { d: 1, c: undefined, a: new Date(0) }], a: "x", u: undefined })).toBe('{"a":"x","b":[3,{"a":"1970-01-01T00:00:00.000Z","d":1}]}');
    expect(canonicalJson([undefined, () => 1, Number.NaN, -0])).toBe("[null,null,null,0]");
    // Fast-check found this one: an invalid Date throws, as in the definition.
    expect(outcome(() => canonicalJson([new Date(Number.NaN)]))).toEqual({ threw: "RangeError: Invalid time value" });
    // Escapes exactly as JSON.stringify does, lone surrogates and control characters included.
    for (const odd of ["\ud800", "a\udfffb", "\ud83d\ude00", 'q"\\', "\u0000\u001f\u007f", "10", "01", "4294967295", "4294967294"]) {
      const value = { [odd]: odd, z: [odd], 2: odd };
      expect(canonicalJson(value)).toBe(definition(value));
    }
  });
});
