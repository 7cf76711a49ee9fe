import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { API_OPERATIONS } from "../../lib/api/operations/index";

// Tessera's attack surface, read from the code rather than written down: the
// pages, route handlers and Server Actions under app/, and the management
// API's operation table. The isolation matrix holds one case per entry, so a
// new entry point without a case fails the suite by name.

const ROOT = join(import.meta.dirname, "..", "..");
const APP = join(ROOT, "app");

function walk(dir: string, file: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, file, out);
    else if (entry.name === file) out.push(full);
  }
  return out;
}

/** `app/(console)/[org]/scopes` → `/[org]/scopes`: route groups do not appear in URLs. */
export function urlPattern(dirFromApp: string): string {
  const parts = dirFromApp.split(sep).filter((p) => p && !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

/** `page /[org]/service-accounts/[clientId]` for every page.tsx. */
export function pages(): string[] {
  return walk(APP, "page.tsx").map((f) => `page ${urlPattern(relative(APP, join(f, "..")))}`).sort();
}

const METHOD = /(?:export (?:const|async function|function)|\bas) (GET|POST|PUT|PATCH|DELETE)\b|export const \{ ([A-Z, ]+) \}/g;

/** `route POST /[org]/audit/export` for every method a route.ts exports. */
export function routeHandlers(): string[] {
  const found: string[] = [];
  for (const file of walk(APP, "route.ts")) {
    const path = urlPattern(relative(APP, join(file, "..")));
    for (const m of readFileSync(file, "utf8").matchAll(METHOD)) {
      const methods = m[1] ? [m[1]] : m[2]!.split(",").map((s) => s.trim());
      for (const method of methods) found.push(`route ${method} ${path}`);
    }
  }
  return [...new Set(found)].sort();
}

/** `api listServiceAccounts` for every operation of lib/api/operations, with its method and path. */
export function apiOperations() {
  return API_OPERATIONS.map((op) => ({ key: `api ${op.operationId}`, method: op.method, path: `/api/v1${op.path}` }));
}

/**
 * The route handler methods under /api/v1 that an operation answers: the
 * matrix covers those through the operation's case, so they need no case of
 * their own. `{clientId}` and `[clientId]` name the same segment.
 */
export function routesServedByOperations(): Set<string> {
  return new Set(apiOperations().map((op) => `route ${op.method} ${op.path.replace(/\{(\w+)\}/g, "[$1]")}`));
}

export interface ServerActionRef {
  /** `app/(console)/[org]/scopes/actions.ts#createScopeAction` */
  key: string;
  id: string;
  /** A page whose module holds the action (the action is posted to that page's URL). */
  page: string;
}

/**
 * Every Server Action of the production build, from Next.js's own manifest
 * (inline "use server" functions included). The build must be current:
 * every export of a "use server" file under app/ must be in it.
 */
export function serverActions(): ServerActionRef[] {
  const manifest = join(ROOT, ".next", "server", "server-reference-manifest.json");
  if (!existsSync(manifest)) throw new Error("no production build: run npm run build");
  const { node } = JSON.parse(readFileSync(manifest, "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(node)
    .map(([id, a]) => ({ key: `action ${a.filename}#${a.exportedName}`, id, page: urlPattern(Object.keys(a.workers)[0]!.replace(/^app\//, "").replace(/\/page$/, "")) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The exported functions of every "use server" file under app/, read from the source. */
export function serverActionsInSource(): string[] {
  const found: string[] = [];
  const files = (dir: string, out: string[] = []): string[] => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) files(full, out);
      else if (/\.tsx?$/.test(e.name)) out.push(full);
    }
    return out;
  };
  for (const file of files(APP)) {
    const source = readFileSync(file, "utf8");
    if (!/^["']use server["'];?/m.test(source.trimStart().split("\n")[0] ?? "")) continue;
    for (const m of source.matchAll(/export async function (\w+)/g)) found.push(`action ${relative(ROOT, file).split(sep).join("/")}#${m[1]}`);
  }
  return found.sort();
}

/** The whole surface, each entry a case key of the isolation matrix. */
export function surface(): string[] {
  const served = routesServedByOperations();
  return [
    ...pages(),
    ...routeHandlers().filter((r) => !served.has(r)),
    ...serverActions().map((a) => a.key),
    ...apiOperations().map((op) => op.key),
  ];
}
