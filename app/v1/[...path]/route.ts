import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/lib/openai/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Any other /v1 path: OpenAI's error envelope instead of the site's HTML 404 page, so a client that
 * calls an endpoint we do not serve (chat, embeddings, speech) gets an error it can read.
 */
const notServed = apiRoute(async (request) => {
  const { pathname } = new URL(request.url);
  throw new NotFoundError(
    `gigarouter does not serve ${request.method} ${pathname}. The API has POST /v1/audio/transcriptions, POST /v1/audio/translations, GET /v1/models and GET /v1/models/{model}.`,
    { code: "unknown_endpoint" },
  );
});

export const GET = notServed;
export const POST = notServed;
export const PUT = notServed;
export const PATCH = notServed;
export const DELETE = notServed;
