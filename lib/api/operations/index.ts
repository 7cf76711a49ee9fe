import type { ApiOperation } from "../operation";
import * as serviceAccounts from "./service-accounts";
import * as credentials from "./credentials";
import * as scopesAudit from "./scopes-audit";
import * as changeRequests from "./change-requests";
import * as accessReviews from "./access-reviews";
import * as webhooks from "./webhooks";

const isOperation = (v: unknown): v is ApiOperation => typeof v === "object" && v !== null && "operationId" in v;

/** Every management API operation, in the order the reference shows them. */
export const API_OPERATIONS: ApiOperation[] = [serviceAccounts, credentials, scopesAudit, changeRequests, accessReviews, webhooks].flatMap((m) => Object.values(m).filter(isOperation));
