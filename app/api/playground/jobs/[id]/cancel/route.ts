import { withErrors } from "@/lib/errors";
import { cancelPlaygroundRun, playgroundJob } from "@/lib/playground/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Stops a queued or running playground run and releases its hold; 409 when it had already finished. */
export const POST = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const cancelled = await cancelPlaygroundRun(await playgroundJob((await params).id));
  return cancelled
    ? Response.json({ status: "cancelled" })
    : Response.json({ error: { message: "The run had already finished; nothing to cancel.", type: "invalid_request_error", param: null, code: "already_completed" } }, { status: 409 });
});
