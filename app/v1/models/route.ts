import { optionalKey } from "@/lib/api-keys";
import { modelList } from "@/lib/openai/models";
import { apiRoute } from "@/lib/openai/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** OpenAI's `GET /v1/models`: the whole catalog with capabilities and prices. No key needed; a key sent is checked. */
export const GET = apiRoute(async (request) => {
  await optionalKey(request);
  return Response.json(await modelList(), { headers: { "cache-control": "no-store" } });
});
