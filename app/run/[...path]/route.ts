import { handleRun } from "@/lib/queue-api/handlers";

/** fal's synchronous run (POST /run/{model_id}) and streaming run (POST /run/{model_id}/stream). */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  return handleRun(request, (await params).path);
}
