import type { ModelStatus } from "@/lib/catalog/types";
import { Badge } from "./Badge";

/** "live" or "coming soon", with a dot so the state does not rest on colour alone. */
export function StatusBadge({ status }: { status: ModelStatus }) {
  const live = status === "live";
  return (
    <Badge tone={live ? "live" : "soon"}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${live ? "bg-live" : "bg-soon"}`} />
      {live ? "live" : "coming soon"}
    </Badge>
  );
}
