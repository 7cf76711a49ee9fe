import { beforeAll, describe, expect, it } from "vitest";
import { prepareOAuthEndpoints } from "./prepare-endpoints";

// A database that is not there at all: a SQLite file in a directory that does not exist, or a
// PostgreSQL port nothing listens on. Set before anything reads the environment.
beforeAll(() => {
  process.env.DATABASE_URL =
    process.env.TEST_DB === "postgresql" ? "postgresql://postgres@127.0.0.1:1/tessera_nowhere" : "file:/nonexistent-tessera-dir/nowhere.db";
});

describe("preparing the OAuth endpoints without a database", () => {
  it("gives up without throwing, so the server still listens (and answers 503 until the database is back)", async () => {
    expect(await prepareOAuthEndpoints()).toBe(false);
  });
});
