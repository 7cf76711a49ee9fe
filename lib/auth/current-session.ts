import { cache } from "react";
import { cookies } from "next/headers";
import { resolveSession, type ActiveSession } from "./sessions";
import { consoleUsesHttps, sessionCookie } from "./session-policy";

export async function currentSessionToken(): Promise<string | null> {
  return (await cookies()).get(sessionCookie(consoleUsesHttps()).name)?.value ?? null;
}

/** The signed-in user of this request, resolved once per request. */
export const currentSession = cache(async (): Promise<ActiveSession | null> => {
  const token = await currentSessionToken();
  return token ? resolveSession(token) : null;
});
