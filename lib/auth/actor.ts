import { headers } from "next/headers";
import type { Actor } from "../audit/types";
import { requestContextFrom } from "../http/request-context";
import type { ActiveSession } from "./sessions";

/** The acting user of a console request, with where the request came from. */
export async function userActor(session: ActiveSession): Promise<Actor & { type: "user"; id: string }> {
  const ctx = requestContextFrom(await headers());
  return { type: "user", id: session.user.id, label: session.user.email, authenticatedAt: session.authenticatedAt, ...ctx };
}
