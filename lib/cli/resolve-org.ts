import { AppError } from "../errors";
import { lazy } from "./lazy";

const orgSlugOfClientId = lazy(() => import("../service-accounts/lookup"), "orgSlugOfClientId");

/**
 * --org is optional where a client id already names the organisation; when
 * both are given they must agree (a mismatch answers like an unknown id).
 */
export async function orgForClientId(org: string | undefined, clientId: string): Promise<string> {
  const owner = await orgSlugOfClientId(clientId);
  if (org && org.toLowerCase() !== owner) throw new AppError("not_found", `Service account ${clientId} not found`);
  return owner;
}
