import { afterAll, inject } from "vitest";
import { disconnectDb } from "../db";

// Every worker talks to the run's fresh database (see global-setup.ts).
process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  await disconnectDb();
});
