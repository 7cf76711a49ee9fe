import path from "node:path";
import { fileURLToPath } from "node:url";

/** The filesystem path of a `file:` URL, resolved against the working directory. */
export function sqlitePath(url: string): string {
  const withoutQuery = url.replace(/\?.*$/, "");
  if (withoutQuery === "file::memory:") return ":memory:";
  const raw = withoutQuery.startsWith("file://") ? fileURLToPath(withoutQuery) : withoutQuery.replace(/^file:/, "");
  // A run-time path: Turbopack would otherwise trace the whole project into the build's output.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), raw);
}
