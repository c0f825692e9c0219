import { handleAudioRequest } from "@/lib/openai/service";
import { apiRoute } from "@/lib/openai/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** OpenAI's `POST /v1/audio/transcriptions`: speech to text in the spoken language. */
export const POST = apiRoute((request, requestId) => handleAudioRequest(request, "transcribe", requestId));
