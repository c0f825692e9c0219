import { authenticateRequest } from "@/lib/api-keys";
import { parseJsonBody } from "@/lib/errors";
import { apiRoute } from "@/lib/openai/route";
import { mintRealtimeToken, tokenRequest } from "@/lib/realtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A short-lived token for a browser to open one realtime session (`wss://…/v1/realtime?token=…`) billed
 * to this key, without the key ever reaching the browser.
 */
export const POST = apiRoute(async (request) => {
  const key = await authenticateRequest(request);
  const { model } = await parseJsonBody(request, tokenRequest);
  return Response.json(mintRealtimeToken({ userId: key.userId, apiKeyId: key.id }, model), { status: 201, headers: { "cache-control": "no-store" } });
});
