import { cache } from "react";
import { cookies } from "next/headers";
import { publicUrl } from "../env";
import { resolveSession, type ActiveSession } from "./sessions";
import { sessionCookie } from "./session-policy";

/** The signed-in user of this request, resolved once per request. */
export const currentSession = cache(async (): Promise<ActiveSession | null> => {
  const cookie = sessionCookie(publicUrl().startsWith("https:"));
  const token = (await cookies()).get(cookie.name)?.value;
  return token ? resolveSession(token) : null;
});

export async function currentSessionToken(): Promise<string | null> {
  const cookie = sessionCookie(publicUrl().startsWith("https:"));
  return (await cookies()).get(cookie.name)?.value ?? null;
}
