import "server-only";
import { db } from "@/lib/db";
import { fromDbAmount, microUsdToDecimal } from "@/lib/credits/money";
import type { Prisma } from "@/prisma/generated/sqlite/client";

/**
 * The API request log: one row per call made with a valid key, successes and failures alike, for the
 * activity page and its CSV export. A row is written when the request's hold is placed (status 0,
 * "running", so credit held by a running request is always traceable to it) and completed when the
 * request ends; requests that fail before any hold are written once, at the end. Calls without a valid
 * key are not logged: they belong to nobody, and logging them would let anyone fill the table.
 */

export type Endpoint = "transcription" | "translation";

/** Status of a request that is still running (its row was written when the hold was placed). */
export const RUNNING_STATUS = 0;

export interface RequestLogEntry {
  id: string;
  userId: string;
  /** Null for requests made without a key (the playground, signed in with a session). */
  apiKeyId: string | null;
  apiKeyName: string | null;
  endpoint: Endpoint;
  model: string;
  responseFormat?: string | null;
  stream: boolean;
  status: number;
  errorCode?: string | null;
  audioSeconds?: number | null;
  billedSeconds?: number;
  costMicroUsd?: number;
  holdId?: string | null;
  latencyMs: number;
}

function rowData(entry: RequestLogEntry) {
  return {
    userId: entry.userId,
    apiKeyId: entry.apiKeyId,
    apiKeyName: entry.apiKeyName,
    endpoint: entry.endpoint,
    model: entry.model.slice(0, 200),
    responseFormat: entry.responseFormat ?? null,
    stream: entry.stream,
    status: entry.status,
    errorCode: entry.errorCode ?? null,
    audioSeconds: entry.audioSeconds ?? null,
    billedSeconds: entry.billedSeconds ?? 0,
    costMicroUsd: BigInt(entry.costMicroUsd ?? 0),
    holdId: entry.holdId ?? null,
    latencyMs: Math.max(0, Math.round(entry.latencyMs)),
  };
}

/** Writes (or completes) the request's row. */
export async function recordRequest(entry: RequestLogEntry): Promise<void> {
  const data = rowData(entry);
  await db.apiRequest.upsert({ where: { id: entry.id }, create: { id: entry.id, ...data }, update: data });
}

export interface ApiRequestView {
  id: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  endpoint: Endpoint;
  model: string;
  responseFormat: string | null;
  stream: boolean;
  /** HTTP status; 0 while running. */
  status: number;
  errorCode: string | null;
  audioSeconds: number | null;
  billedSeconds: number;
  costMicroUsd: number;
  latencyMs: number;
  createdAt: Date;
}

export type Outcome = "success" | "error" | "running";

export interface RequestFilters {
  model?: string;
  apiKeyId?: string;
  outcome?: Outcome;
  /** Inclusive lower bound on createdAt. */
  from?: Date;
  /** Exclusive upper bound on createdAt. */
  to?: Date;
  /** Newest first; at most this many (default 100, max 1000). */
  limit?: number;
  /** Requests strictly older than this request id (the last id of the previous page). */
  before?: string;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function whereFor(userId: string, filters: RequestFilters): Prisma.ApiRequestWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = filters.from;
  if (filters.to) createdAt.lt = filters.to;
  const status: Prisma.IntFilter | number | undefined =
    filters.outcome === "success"
      ? { gte: 200, lt: 300 }
      : filters.outcome === "error"
        ? { gte: 300 }
        : filters.outcome === "running"
          ? RUNNING_STATUS
          : undefined;
  return {
    userId,
    ...(filters.model ? { model: filters.model } : {}),
    ...(filters.apiKeyId ? { apiKeyId: filters.apiKeyId } : {}),
    ...(status === undefined ? {} : { status }),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

type ApiRequestRow = Awaited<ReturnType<typeof db.apiRequest.findMany>>[number];

function toView(row: ApiRequestRow): ApiRequestView {
  return {
    id: row.id,
    apiKeyId: row.apiKeyId,
    apiKeyName: row.apiKeyName,
    endpoint: row.endpoint === "translation" ? "translation" : "transcription",
    model: row.model,
    responseFormat: row.responseFormat,
    stream: row.stream,
    status: row.status,
    errorCode: row.errorCode,
    audioSeconds: row.audioSeconds,
    billedSeconds: row.billedSeconds,
    costMicroUsd: fromDbAmount(row.costMicroUsd),
    latencyMs: row.latencyMs,
    createdAt: row.createdAt,
  };
}

/** The user's requests, newest first. */
export async function listRequests(userId: string, filters: RequestFilters = {}): Promise<ApiRequestView[]> {
  const take = Math.min(Math.max(1, Math.trunc(filters.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const rows = await db.apiRequest.findMany({
    where: whereFor(userId, filters),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    ...(filters.before ? { cursor: { id: filters.before }, skip: 1 } : {}),
  });
  return rows.map(toView);
}

export interface RequestTotals {
  requests: number;
  failed: number;
  audioSeconds: number;
  costMicroUsd: number;
}

/** Totals over everything the filters match (not just one page); cost and audio of finished requests. */
export async function requestTotals(userId: string, filters: Omit<RequestFilters, "limit" | "before"> = {}): Promise<RequestTotals> {
  const where = whereFor(userId, filters);
  // A running request's row carries its hold, not a charge: its cost counts once it has finished.
  const [requests, failed, finished] = await Promise.all([
    db.apiRequest.count({ where }),
    db.apiRequest.count({ where: { AND: [where, { status: { gte: 300 } }] } }),
    db.apiRequest.aggregate({ where: { AND: [where, { status: { not: RUNNING_STATUS } }] }, _sum: { audioSeconds: true, costMicroUsd: true } }),
  ]);
  return {
    requests,
    failed,
    audioSeconds: finished._sum.audioSeconds ?? 0,
    costMicroUsd: fromDbAmount(finished._sum.costMicroUsd ?? 0n),
  };
}

/** The distinct models the user has called, for the activity page's filter. */
export async function requestedModels(userId: string): Promise<string[]> {
  const rows = await db.apiRequest.findMany({ where: { userId }, distinct: ["model"], select: { model: true }, orderBy: { model: "asc" } });
  return rows.map((r) => r.model);
}

const CSV_COLUMNS = [
  "created_at",
  "request_id",
  "endpoint",
  "model",
  "api_key",
  "status",
  "error_code",
  "audio_seconds",
  "billed_seconds",
  "cost_usd",
  "latency_ms",
  "response_format",
  "stream",
];

/**
 * One RFC 4180 cell. Text a spreadsheet would run as a formula (=, +, -, @ first) gets an apostrophe:
 * key names and unknown model names are caller-chosen text.
 */
export function csvCell(value: string | number | boolean | null, text = true): string {
  const raw = value === null ? "" : String(value);
  const safe = text && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Every request matching `filters` (newest first, up to 100 000) as CSV with a header row. */
export async function requestsCsv(userId: string, filters: Omit<RequestFilters, "limit" | "before"> = {}): Promise<string> {
  const lines = [CSV_COLUMNS.join(",")];
  let before: string | undefined;
  for (let page = 0; page < 100; page++) {
    const rows = await listRequests(userId, { ...filters, limit: MAX_LIMIT, ...(before ? { before } : {}) });
    for (const r of rows) {
      lines.push(
        [
          csvCell(r.createdAt.toISOString(), false),
          csvCell(r.id),
          csvCell(r.endpoint),
          csvCell(r.model),
          csvCell(r.apiKeyName),
          csvCell(r.status, false),
          csvCell(r.errorCode),
          csvCell(r.audioSeconds === null ? null : Math.round(r.audioSeconds * 1000) / 1000, false),
          csvCell(r.billedSeconds, false),
          csvCell(microUsdToDecimal(r.costMicroUsd), false),
          csvCell(r.latencyMs, false),
          csvCell(r.responseFormat),
          csvCell(r.stream, false),
        ].join(","),
      );
    }
    if (rows.length < MAX_LIMIT) break;
    before = rows.at(-1)?.id;
  }
  return `${lines.join("\r\n")}\r\n`;
}
