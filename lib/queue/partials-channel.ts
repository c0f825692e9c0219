import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emitJobEvent } from "@/lib/jobs/events";

/**
 * Job notices between processes of a cluster (QUEUE_BACKEND=pg-boss), over PostgreSQL LISTEN/NOTIFY:
 * the inference worker running a job says "a partial output was written" or "the job changed", and
 * every web instance hears it at once instead of at its next poll.
 *
 * A notice carries no output, only which job and what kind: NOTIFY payloads stop at 8000 bytes (a
 * cumulative partial of a long file is larger), and a notice is lost for a process that was not
 * listening when it was sent. So partial outputs are rows (lib/queue/partials.ts) that a stream reads
 * in order, from its first one, whenever it hears of new ones; the job row stays the truth for its state.
 *
 * Each process keeps one dedicated connection for LISTEN (a pooled one would be handed to other
 * queries); when it drops, it is opened again, and every follower re-reads what it may have missed.
 */

const CHANNEL = "gigarouter_job_events";

/** Identifies this process's own notices, which it must not hear back (its bus already had them). */
const ORIGIN = randomBytes(6).toString("hex");

const noticeSchema = z.object({ j: z.string().min(1).max(100), k: z.enum(["p", "c"]), o: z.string() });
type Notice = z.infer<typeof noticeSchema>;

/** Tells the other processes about a job: `partial` (rows to read) or `changed` (re-read the row). */
export async function notifyJob(jobId: string, kind: "partial" | "changed"): Promise<void> {
  const notice: Notice = { j: jobId, k: kind === "partial" ? "p" : "c", o: ORIGIN };
  await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`;
}

interface Listening {
  ready: Promise<void>;
  client: pg.Client | null;
  /** Per job: called on each partial notice, and after a reconnect (notices may have been missed meanwhile). */
  followers: Map<string, Set<() => void>>;
}

const globalForChannel = globalThis as typeof globalThis & { gigarouterJobChannel?: Listening };

/**
 * Starts this process's listener (idempotent) and resolves once it listens: a notice sent after that
 * reaches it. Changed notices become local job events (lib/jobs/events.ts), so status streams and
 * waiting /run requests hear of a worker's progress without polling.
 */
export function listenForJobNotices(): Promise<void> {
  let listening = globalForChannel.gigarouterJobChannel;
  if (!listening) {
    const followers = new Map<string, Set<() => void>>();
    listening = { followers, client: null, ready: Promise.resolve() };
    globalForChannel.gigarouterJobChannel = listening;
    listening.ready = connect(listening, 0);
  }
  return listening.ready;
}

/** Closes this process's listener (shutdown, tests); the next follower opens it again. */
export async function stopJobNotices(): Promise<void> {
  const listening = globalForChannel.gigarouterJobChannel;
  globalForChannel.gigarouterJobChannel = undefined;
  const client = listening?.client;
  if (listening) listening.client = null;
  await client?.end().catch(() => undefined);
}

/** Calls `onNotice` when a partial of `jobId` was written (or notices may have been lost). */
export function onPartialNotice(jobId: string, onNotice: () => void): () => void {
  void listenForJobNotices().catch(() => undefined);
  const { followers } = globalForChannel.gigarouterJobChannel!;
  let set = followers.get(jobId);
  if (!set) followers.set(jobId, (set = new Set()));
  set.add(onNotice);
  return () => {
    set.delete(onNotice);
    if (set.size === 0 && followers.get(jobId) === set) followers.delete(jobId);
  };
}

const RECONNECT_MAX_MS = 5_000;

function connect(listening: Listening, attempt: number): Promise<void> {
  const { followers } = listening;
  const client = new pg.Client({ connectionString: env.DATABASE_URL, application_name: "gigarouter-job-notices", connectionTimeoutMillis: 10_000 });
  listening.client = client;
  let dropped = false;
  const reconnect = (error: unknown) => {
    if (dropped) return;
    dropped = true;
    // Stopped on purpose (stopJobNotices), or replaced: nothing to reconnect.
    if (globalForChannel.gigarouterJobChannel !== listening || listening.client !== client) return;
    console.error("[queue] job notices: connection lost, reconnecting:", error instanceof Error ? error.message : error);
    client.end().catch(() => undefined);
    const wait = Math.min(RECONNECT_MAX_MS, 100 * 2 ** attempt);
    setTimeout(() => {
      if (globalForChannel.gigarouterJobChannel !== listening) return;
      listening.ready = connect(listening, attempt + 1);
      // Whatever was written while nobody listened is read now.
      void listening.ready.then(() => wakeAll(followers), () => undefined);
    }, wait).unref();
  };
  client.on("error", reconnect);
  client.on("end", () => reconnect(new Error("connection ended")));
  client.on("notification", (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    let notice: Notice;
    try {
      notice = noticeSchema.parse(JSON.parse(message.payload));
    } catch {
      return;
    }
    if (notice.o === ORIGIN) return;
    if (notice.k === "c") emitJobEvent(notice.j, { type: "changed" });
    else for (const follower of followers.get(notice.j) ?? []) follower();
  });
  return client
    .connect()
    .then(() => client.query(`LISTEN ${CHANNEL}`))
    .then(() => {
      attempt = 0;
    })
    .catch((error: unknown) => {
      reconnect(error);
      throw error;
    });
}

function wakeAll(followers: Map<string, Set<() => void>>): void {
  for (const set of followers.values()) for (const follower of set) follower();
}
