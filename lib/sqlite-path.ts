import path from "node:path";
import { fileURLToPath } from "node:url";

/** The filesystem path of a `file:` URL, resolved against the working directory. */
export function sqlitePath(url: string): string {
  const withoutQuery = url.replace(/\?.*$/, "");
  if (withoutQuery === "file::memory:") return ":memory:";
  const raw = withoutQuery.startsWith("file://") ? fileURLToPath(withoutQuery) : withoutQuery.replace(/^file:/, "");
  return path.resolve(process.cwd(), raw);
}
