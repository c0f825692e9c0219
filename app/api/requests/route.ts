import { parseJsonBody, withErrors } from "@/lib/errors";
import { enforceRateLimit, clientKey } from "@/lib/rate-limit";
import { listOpenRequests, requestInput, requestModel } from "@/lib/requests";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Open requests for models not in the catalog, most votes first. */
export const GET = withErrors(async () => {
  return Response.json({ requests: await listOpenRequests() }, { headers: { "cache-control": "no-store" } });
});

/** Ask for a model: 201 when it adds a request or a vote, 200 when this voter had already asked. */
export const POST = withErrors(async (request) => {
  const input = await parseJsonBody(request, requestInput);
  await enforceRateLimit(request);
  const result = await requestModel({ ...input, client: clientKey(request) });
  return Response.json({ ok: true, ...result }, { status: result.voted ? 201 : 200 });
});
