import { RecentActivity } from "@/components/activity/RecentActivity";
import { ApiKeysPanel } from "@/components/api-keys/ApiKeysPanel";

/**
 * The account page's "API keys" and "Activity" sections, filled by the API work (components/api-keys,
 * components/activity). They receive the signed-in user's id.
 */
export function ApiKeysSlot({ userId }: { userId: string }) {
  return <ApiKeysPanel userId={userId} />;
}

export function ActivitySlot({ userId }: { userId: string }) {
  return <RecentActivity userId={userId} />;
}
