import { withErrors } from "@/lib/errors";
import { playgroundJob, runEvents } from "@/lib/playground/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-sent events for one playground run: queue position, running time, partial text, the result. */
export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) =>
  runEvents(await playgroundJob((await params).id)),
);
