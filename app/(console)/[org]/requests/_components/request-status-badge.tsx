import { Badge } from "@/components/ui/badge";
import type { ChangeRequestStatus } from "@/lib/schemas/change-request";

const VARIANT: Record<ChangeRequestStatus, "warning" | "success" | "destructive" | "secondary"> = {
  pending: "warning",
  approved: "success",
  rejected: "destructive",
  withdrawn: "secondary",
  expired: "secondary",
};

export function RequestStatusBadge({ status }: { status: ChangeRequestStatus }) {
  return (
    <Badge variant={VARIANT[status]} data-testid="request-status">
      {status}
    </Badge>
  );
}
