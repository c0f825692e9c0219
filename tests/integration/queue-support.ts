/**
 * Helpers for the queue API's tests: fal's own client pointed at a test server, a local audio server,
 * and polling. fal's client builds https://queue.fal.run/..., https://fal.run/... and
 * https://rest.fal.ai/storage/... URLs; its documented `requestMiddleware` hook rewrites each request's
 * URL, which is how a user points it at gigarouter (the model page shows the same three lines).
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createFalClient, type FalClient } from "@fal-ai/client";
import { findJob, type Job } from "@/lib/jobs";

export function falClientFor(origin: string, key: string): FalClient {
  return createFalClient({
    credentials: key,
    // Each test decides itself what to retry; fal's defaults would retry 5xx and 429 for minutes.
    retry: { maxRetries: 0 },
    requestMiddleware: async (request) => ({
      ...request,
      url: request.url
        .replace("https://queue.fal.run/", `${origin}/queue/`)
        .replace("https://fal.run/", `${origin}/run/`)
        .replace("https://rest.fal.ai/storage/", `${origin}/api/files/`),
    }),
  });
}

export function dataUri(bytes: Buffer, type = "audio/wav"): string {
  return `data:${type};base64,${bytes.toString("base64")}`;
}

/** Polls `read` until `done` holds (every 100 ms, up to `timeoutMs`); returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The job row, once it is in one of `statuses`. */
export function jobInState(id: string, statuses: Job["status"][], timeoutMs?: number): Promise<Job> {
  return waitFor(
    () => findJob(id),
    (job) => job !== null && statuses.includes(job.status),
    timeoutMs,
  ) as Promise<Job>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

export interface LocalServer {
  origin: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (reachable from the app only with ALLOW_LOOPBACK_FETCH=1). */
export async function localServer(handler: Handler): Promise<LocalServer> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handler(request, response, Buffer.concat(chunks)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface FalErrorBody {
  detail: string | { loc: (string | number)[]; msg: string; type: string }[];
  code?: string;
}
