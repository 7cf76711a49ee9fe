import type { ChangeRequest } from "../db";
import { AppError } from "../errors";
import { changeRequestRefSchema } from "../schemas/change-request";
import type { Client } from "../service-accounts/lookup";
import { parseInput } from "../validation";

/** A change request of this organisation, or 404 (another organisation's answers the same). */
export async function findChangeRequest(client: Client, orgId: string, input: string): Promise<ChangeRequest> {
  const { id } = parseInput(changeRequestRefSchema, { id: input });
  const row = await client.changeRequest.findFirst({ where: { id, orgId } });
  if (!row) throw new AppError("not_found", `Change request ${id} not found`);
  return row;
}
