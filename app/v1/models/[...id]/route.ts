import { optionalKey } from "@/lib/api-keys";
import { findModelOr404, toModelObject } from "@/lib/openai/models";
import { apiRoute } from "@/lib/openai/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ id: string[] }>;
}

/**
 * OpenAI's `GET /v1/models/{model}`. Ids contain a slash (`nvidia/canary-1b-flash`), hence the
 * catch-all; clients that encode it (`nvidia%2Fcanary-1b-flash`) and short names work too.
 */
export const GET = apiRoute(async (request, _requestId, context: Context) => {
  await optionalKey(request);
  const { id } = await context.params;
  const wanted = id.map((segment) => safeDecode(segment)).join("/");
  return Response.json(toModelObject(await findModelOr404(wanted, null)), { headers: { "cache-control": "no-store" } });
});

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
