/**
 * People, keys, credit and audio for the API tests. Users are made directly in the database (as the
 * admin script does); keys and credit go through lib/, so tests set up exactly what the app would.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createApiKey, type NewApiKeyInput } from "@/lib/api-keys";
import { grantCredit } from "@/lib/credits";
import { db } from "@/lib/db";

const sharedAudio = path.resolve(import.meta.dirname, "../../../shared/fixtures/audio");

/** A 1-second clip of one spoken word from the alphanumeric set (moonshine-micro's test set). */
export function spokenWord(label: string, index = 0): Buffer {
  const folder = path.join(sharedAudio, "alphanumeric", label);
  const files = readdirSync(folder).filter((f) => f.endsWith(".wav")).sort();
  const file = files[index];
  if (!file) throw new Error(`No clip ${index} in ${folder}`);
  return readFileSync(path.join(folder, file));
}

/** Real read speech, 7.1 s, 16 kHz mono WAV ("and mister john dashwood had then leisure ..."). */
export function speechClip(): Buffer {
  return readFileSync(path.join(sharedAudio, "librivox-sense-and-sensibility", "sense_and_sensibility_01_austen_64kb-0870.wav"));
}

/** 11 s of speech (FLAC): over moonshine-micro's 10 s limit. */
export function longClip(): Buffer {
  return readFileSync(path.join(sharedAudio, "jfk.flac"));
}

export function uniqueEmail(prefix = "api"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.com`;
}

export interface ApiUser {
  userId: string;
  email: string;
  key: string;
  keyId: string;
}

export interface ApiUserOptions {
  /** Credit granted up front, in micro-dollars (0: none). */
  creditMicroUsd?: number;
  key?: Partial<NewApiKeyInput>;
}

export async function createApiUser(options: ApiUserOptions = {}): Promise<ApiUser> {
  const email = uniqueEmail();
  const user = await db.user.create({ data: { email } });
  if (options.creditMicroUsd) {
    await grantCredit({ userId: user.id, amountMicroUsd: options.creditMicroUsd, reason: "test credit", reference: `test:${email}` });
  }
  const { key, view } = await createApiKey(user.id, { name: "test key", rateLimitPerMinute: 10_000, ...options.key });
  return { userId: user.id, email, key, keyId: view.id };
}

/** Another key for the same user. */
export async function addKey(userId: string, input: Partial<NewApiKeyInput> = {}): Promise<{ key: string; keyId: string }> {
  const { key, view } = await createApiKey(userId, { name: "another key", rateLimitPerMinute: 10_000, ...input });
  return { key, keyId: view.id };
}

export interface LedgerRow {
  id: string;
  kind: string;
  amountMicroUsd: number;
  reference: string | null;
  closesHoldId: string | null;
}

/** The user's ledger in the order it was written. */
export async function ledgerOf(userId: string): Promise<LedgerRow[]> {
  const rows = await db.ledgerEntry.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    amountMicroUsd: Number(r.amountMicroUsd),
    reference: r.reference,
    closesHoldId: r.closesHoldId,
  }));
}
