import { OAuthError } from "./errors";

/**
 * Parse an OAuth form POST: application/x-www-form-urlencoded only; a
 * parameter given twice is invalid_request (RFC 6749 §3.2), except the ones
 * named repeatable (RFC 8707 `resource`); an empty value counts as absent;
 * unknown parameters are ignored by the caller.
 */
export async function readOAuthForm(request: Request, repeatable: string[] = []) {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "The request body must be application/x-www-form-urlencoded");
  }
  const text = await request.text();
  if (text.length > 64 * 1024) throw new OAuthError("invalid_request", "The request body is too large");
  const params = new URLSearchParams(text);
  const single = new Map<string, string>();
  const multi = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (value === "") continue;
    if (repeatable.includes(name)) {
      multi.set(name, [...(multi.get(name) ?? []), value]);
    } else if (single.has(name)) {
      throw new OAuthError("invalid_request", `The parameter ${name} is repeated`);
    } else {
      single.set(name, value);
    }
  }
  return { get: (name: string) => single.get(name), all: (name: string) => multi.get(name) ?? [] };
}
export type OAuthForm = Awaited<ReturnType<typeof readOAuthForm>>;
