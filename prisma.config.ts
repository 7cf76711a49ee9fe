import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate, and `migrate deploy` where the native
// schema engine is available). Tessera's own `npm run db:migrate` does not
// need it: see prisma/tools/.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations/sqlite" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/tessera.db" },
});
