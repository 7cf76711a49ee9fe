import { Badge } from "@/components/ui/badge";

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <Badge variant={outcome === "success" ? "success" : "destructive"}>{outcome}</Badge>;
}
