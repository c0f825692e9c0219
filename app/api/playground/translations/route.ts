import { admitPlaygroundRun } from "@/lib/playground/caller";
import { apiRoute } from "@/lib/openai/route";
import { serveAudioRequest } from "@/lib/openai/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The playground's translations: the same fields and answers as `POST /v1/audio/translations` (speech translated into another language),
 * authenticated by the session instead of an API key (see lib/playground/caller.ts).
 */
export const POST = apiRoute(async (request, requestId) => {
  const run = await admitPlaygroundRun(request);
  return serveAudioRequest(run.request, "translate", requestId, run.caller);
});
