import { handleDelete, handleDownload } from "@/lib/queue-api/uploads";

/** An uploaded file, to anyone holding its URL (the id is the capability); its uploader may delete it. */
export const runtime = "nodejs";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleDownload((await params).id);
}

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleDelete(request, (await params).id);
}
