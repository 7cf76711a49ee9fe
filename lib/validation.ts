import { z } from "zod";
import { AppError } from "./errors";

/**
 * Parse input with a use case's schema; bad input becomes a field-level AppError.
 * Text holding a NUL character is bad input everywhere: PostgreSQL cannot
 * store or even compare it (a query with it fails), and no name, id or
 * description needs it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const nul = pathToNul(input, [], 0);
  if (nul) {
    const key = nul.join(".") || "_";
    const message = "Text must not contain NUL characters";
    throw new AppError("validation_failed", `${nul.length ? `${key}: ` : ""}${message}`, { fieldErrors: { [key]: [message] } });
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  throw new AppError("validation_failed", `${where}${first?.message ?? "Invalid input"}`, { fieldErrors });
}

/** Where in `value` a string holds U+0000 (keys included), or null. */
function pathToNul(value: unknown, path: string[], depth: number): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (!value || typeof value !== "object" || depth > 20) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key];
    const found = pathToNul(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
