import { handleAudioRequest } from "@/lib/openai/service";
import { apiRoute } from "@/lib/openai/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** OpenAI's `POST /v1/audio/translations`: speech to English text (or `target_language`, our extension). */
export const POST = apiRoute((request, requestId) => handleAudioRequest(request, "translate", requestId));
