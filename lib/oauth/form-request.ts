import { BodyTooLarge, type PlainRequest } from "../http/plain-http";
import { bodyTooLarge, OAuthError } from "./errors";

/**
 * Parse an OAuth form POST: application/x-www-form-urlencoded only, body
 * capped (see PlainRequest.text); a parameter given twice is invalid_request
 * (RFC 6749 §3.2), except the ones named repeatable (RFC 8707 `resource`);
 * an empty value counts as absent; unknown parameters are ignored by the caller.
 */
export async function readOAuthForm(request: PlainRequest, repeatable: string[] = []) {
  if (request.method !== "POST") throw new OAuthError("invalid_request", "Use POST", 405, { Allow: "POST" }, "method_not_allowed");
  const type = request.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "The request body must be application/x-www-form-urlencoded");
  }
  let text: string;
  try {
    text = await request.text();
  } catch (e) {
    throw e instanceof BodyTooLarge ? bodyTooLarge() : e;
  }
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
