/**
 * Slots on the account page for the API work (issue: API keys and request activity). The account page
 * renders these in its "API keys" and "Activity" sections; replace the bodies with the real
 * components. They receive the signed-in user's id.
 */
export function ApiKeysSlot({ userId }: { userId: string }) {
  void userId;
  return <p className="text-sm text-muted">API keys will appear here.</p>;
}

export function ActivitySlot({ userId }: { userId: string }) {
  void userId;
  return <p className="text-sm text-muted">Your API requests will appear here.</p>;
}
