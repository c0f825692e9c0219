import { requireApiUser } from "@/lib/auth";
import { parseJsonBody, withErrors } from "@/lib/errors";
import { limitSiteTokens, mintRealtimeToken, tokenRequest } from "@/lib/realtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The playground's live microphone: a one-session realtime token paid from the signed-in person's balance. */
export const POST = withErrors(async (request) => {
  const user = await requireApiUser();
  const { model } = await parseJsonBody(request, tokenRequest);
  await limitSiteTokens(user.id);
  return Response.json(mintRealtimeToken({ userId: user.id, apiKeyId: null }, model), { status: 201, headers: { "cache-control": "no-store" } });
});
