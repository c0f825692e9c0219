import { ValidationError } from "@/lib/errors";
import { apiRoute } from "@/lib/openai/route";
import { submitPlaygroundRun } from "@/lib/playground/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A playground run joins the job queue: the /v1 fields as multipart (`?task=translate` for a
 * translation), authenticated by the session; answers with the job's id (lib/playground/wire.ts).
 */
export const POST = apiRoute(async (request) => {
  const task = new URL(request.url).searchParams.get("task") ?? "transcribe";
  if (task !== "transcribe" && task !== "translate") {
    throw new ValidationError("`task` must be transcribe or translate.", { status: 400, param: "task", code: "invalid_value" });
  }
  return Response.json(await submitPlaygroundRun(request, task), { status: 201 });
});
