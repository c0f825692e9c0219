/**
 * Helpers for the file-storage tests: upload through the API as a user would, find the row an upload
 * made, and read a user's balance from the ledger.
 */
import { db } from "@/lib/db";
import { ledgerOf } from "@/tests/support/api-fixtures";

export interface Uploaded {
  url: string;
  file_name: string;
  content_type: string;
  file_size: number;
}

/** POST /api/files with a multipart `file` (a WAV clip). */
export async function uploadClip(origin: string, key: string, clip: Buffer, fileName = "clip.wav"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(clip)], { type: "audio/wav" }), fileName);
  return fetch(`${origin}/api/files`, { method: "POST", headers: { authorization: `Key ${key}` }, body: form });
}

/** The file id in one of our upload URLs (…/api/files/<id>). */
export function fileIdOf(url: string): string {
  return new URL(url).pathname.split("/").pop()!;
}

/** The stored_files row behind an upload URL. */
export async function rowOf(url: string) {
  return db.storedFile.findUnique({ where: { id: fileIdOf(url) } });
}

/** Fetches `url` on another instance: same path, other origin. */
export function onOrigin(url: string, origin: string): string {
  const parsed = new URL(url);
  return `${origin}${parsed.pathname}`;
}

/** The user's balance: the sum of their ledger (open holds included). */
export async function balanceOf(userId: string): Promise<number> {
  return (await ledgerOf(userId)).reduce((sum, row) => sum + row.amountMicroUsd, 0);
}
