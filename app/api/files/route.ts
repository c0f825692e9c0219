import { handleUpload } from "@/lib/queue-api/uploads";

/** Upload an audio file to gigarouter's storage; answers {url} to use as audio_url. */
export const runtime = "nodejs";

export const POST = handleUpload;
