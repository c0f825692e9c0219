import { handleUploadBytes } from "@/lib/queue-api/uploads";

/** fal's storage protocol, step 2: the bytes, PUT to the secret URL step 1 returned. */
export const runtime = "nodejs";

export async function PUT(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return handleUploadBytes(request, (await params).token);
}
