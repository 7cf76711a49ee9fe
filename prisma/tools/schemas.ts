// prisma/schema.prisma is written for SQLite and is the only schema anyone
// edits. The PostgreSQL variant is derived from it here, in memory, so the two
// databases cannot drift apart: the models are portable by convention (see the
// header of schema.prisma), and only the datasource provider and the generated
// client's location differ.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";

export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

/**
 * The prisma/ folder, found from wherever this code runs: prisma/tools/ when
 * run from source, dist/ when bundled into the built CLI and migrator.
 */
function findPrismaDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (path.basename(dir) === "prisma" && existsSync(path.join(dir, "schema.prisma"))) return dir;
    if (existsSync(path.join(dir, "prisma", "schema.prisma"))) return path.join(dir, "prisma");
    if (path.dirname(dir) === dir) throw new Error("cannot find prisma/schema.prisma above this file");
  }
}

export const PRISMA_DIR = findPrismaDir();
export const REPO_ROOT = path.dirname(PRISMA_DIR);
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_ROOT = path.join(PRISMA_DIR, "migrations");

export function providerFromUrl(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  // Never echo the URL itself: it may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "(none)";
  throw new Error(
    `unsupported DATABASE_URL scheme ${scheme}: use file:./path/to.db (SQLite) or postgresql://… (PostgreSQL)`,
  );
}

export function migrationsDir(provider: Provider): string {
  return path.join(MIGRATIONS_ROOT, provider);
}

/** Where `prisma generate` puts the client for this provider. */
export function generatedClientDir(provider: Provider): string {
  return path.join(REPO_ROOT, "lib", "generated", provider);
}

/**
 * Turns the SQLite text of the schema (the file itself, or the migrations
 * snapshot) into the text for `provider`. Each edit must match exactly once:
 * if schema.prisma is restyled so that a pattern no longer matches, failing
 * here beats silently generating a PostgreSQL client from a SQLite schema.
 */
export function deriveSchema(sqliteText: string, provider: Provider): string {
  if (provider === "sqlite") return sqliteText;
  let text = replaceOnce(
    sqliteText,
    /(datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*)"sqlite"/,
    `$1"${provider}"`,
    "the datasource's provider = \"sqlite\"",
  );
  text = replaceOnce(
    text,
    /(generator\s+\w+\s*\{[^}]*?\boutput\s*=\s*"[^"]*\/)sqlite"/,
    `$1${provider}"`,
    "the generator's output = \"…/sqlite\"",
  );
  return text;
}

/**
 * The schema text for `provider`. `writtenTo` is the path the caller will
 * save the text at: Prisma resolves the generator `output` relative to the
 * schema file, so the output is rewritten to still land in lib/generated/.
 */
export function schemaText(provider: Provider, options: { writtenTo?: string } = {}): string {
  let text = deriveSchema(readFileSync(SCHEMA_PATH, "utf8"), provider);
  if (options.writtenTo) {
    const rel = path
      .relative(path.dirname(path.resolve(options.writtenTo)), generatedClientDir(provider))
      .split(path.sep)
      .join("/");
    text = replaceOnce(
      text,
      /(generator\s+\w+\s*\{[^}]*?\boutput\s*=\s*)"[^"]*"/,
      `$1"${rel}"`,
      "the generator's output",
    );
  }
  return text;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g");
  const count = text.match(global)?.length ?? 0;
  if (count !== 1) {
    throw new Error(`schema.prisma: expected exactly one ${what}, found ${count}`);
  }
  return text.replace(pattern, replacement);
}
