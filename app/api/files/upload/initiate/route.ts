import { handleInitiateUpload } from "@/lib/queue-api/uploads";

/** fal's storage protocol, step 1 (what @fal-ai/client's storage.upload calls first). */
export const runtime = "nodejs";

export const POST = handleInitiateUpload;
