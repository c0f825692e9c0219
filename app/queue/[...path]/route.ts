import { handleQueue } from "@/lib/queue-api/handlers";

/** fal's queue protocol under /queue (see lib/queue-api/paths.ts for the endpoints). */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  return handleQueue(request, (await params).path);
}

export { handle as GET, handle as POST, handle as PUT };
