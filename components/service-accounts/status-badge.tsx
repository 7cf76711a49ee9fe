import { Badge } from "@/components/ui/badge";

/** Account status (ACTIVE | DISABLED) or credential status (active | expired | revoked). */
export function StatusBadge({ status }: { status: string }) {
  switch (status) {
    case "ACTIVE":
      return <Badge variant="success">Active</Badge>;
    case "DISABLED":
      return <Badge variant="secondary">Deactivated</Badge>;
    case "active":
      return <Badge variant="success">active</Badge>;
    case "expired":
      return <Badge variant="outline">expired</Badge>;
    case "revoked":
      return <Badge variant="destructive">revoked</Badge>;
    default:
      return <Badge variant="outline">{status}</Badge>;
  }
}
