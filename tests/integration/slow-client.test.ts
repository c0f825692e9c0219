/**
 * A client that opens a streaming run (POST /run/<model>/stream) and stops reading while the server
 * keeps producing partial outputs. What the server holds for that response stays under a fixed bound
 * (its own count of waiting bytes, lib/queue-api/sse.ts streamStats), it answers other requests
 * meanwhile, and the client either catches up when it reads again (newest partial, then the final
 * output) or, silent past STREAM_MAX_STALL_SECONDS, is disconnected while the job still finishes.
 *
 * The server is this process: the run handler the route calls, its body written to the socket by
 * Next's own pipe (the one `next start` uses for route handlers), so back-pressure is the real path.
 * The client is a raw TCP socket. The job runs on moonshine-micro's real weights; while it is held
 * (QUEUE_TEST_RUN_DELAY_MS) the test feeds its event bus thousands of large partial outputs, as a
 * streaming model on a long file would.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiModelsDir, MOONSHINE_ID } from "@/tests/support/api-server";

const PORT = 3940;
const STALL_SECONDS = 8;
Object.assign(process.env, {
  MODELS_DIR: apiModelsDir(),
  QUEUE_NAME: `slow-client-${randomBytes(4).toString("hex")}`,
  QUEUE_TEST_RUN_DELAY_MS: "12000",
  STREAM_MAX_STALL_SECONDS: String(STALL_SECONDS),
});
// lib/ after the settings above (lib/env reads the environment once).
const { handleQueue, handleRun } = await import("@/lib/queue-api/handlers");
const { streamStats } = await import("@/lib/queue-api/sse");
const { emitJobEvent } = await import("@/lib/jobs/events");
const { createApiUser, spokenWord } = await import("@/tests/support/api-fixtures");
const { jobInState, dataUri } = await import("./queue-support");
const { pipeToNodeResponse } = await import("next/dist/server/pipe-readable");

// 96 MB in all: well past what the kernel's socket buffers take on loopback (up to 32 MB received + 4 MB sent here).
const PARTIALS = 3000;
const PARTIAL_TEXT = 32_000;
/** Per slow response: the newest unsent partial and the chunk on its way, with room to spare. */
const HELD_BOUND = 4 * PARTIAL_TEXT;

let server: Server;
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", `http://localhost:${PORT}`);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
        const request = new Request(url, { method: req.method, headers, ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}) });
        const [root, ...segments] = url.pathname.split("/").filter(Boolean);
        const response = root === "run" ? await handleRun(request, segments) : await handleQueue(request, segments);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) await pipeToNodeResponse(response.body, res);
        else res.end();
      })().catch((error: unknown) => {
        console.error(error);
        res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface OpenStream {
  socket: Socket;
  jobId: string;
  /** Everything received after the headers (chunked framing included), once `finished` resolves. */
  received: Buffer[];
  finished: Promise<void>;
}

/** POSTs a streaming run over a raw socket, reads the response headers, then stops reading. */
function openStream(key: string): Promise<OpenStream> {
  const body = JSON.stringify({ audio_url: dataUri(spokenWord("seven")) });
  const socket = connect(PORT, "127.0.0.1");
  socket.write(
    `POST /run/${MOONSHINE_ID}/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Key ${key}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const received: Buffer[] = [];
    const finished = new Promise<void>((done) => socket.once("close", () => done()));
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      socket.pause(); // from here on the client reads nothing
      socket.on("data", (more: Buffer) => received.push(more));
      received.push(head.subarray(end + 4));
      const status = head.subarray(0, end).toString();
      const jobId = /x-fal-request-id: ([0-9a-f-]{36})/i.exec(status)?.[1];
      if (!status.startsWith("HTTP/1.1 200") || !jobId) reject(new Error(`unexpected response: ${status}`));
      else resolve({ socket, jobId, received, finished });
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
}

/** The SSE events in a chunked body, in order. */
function events(raw: Buffer): Record<string, unknown>[] {
  let body = "";
  for (let at = 0; at < raw.length; ) {
    const lineEnd = raw.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString(), 16);
    if (!size) break;
    body += raw.subarray(lineEnd + 2, lineEnd + 2 + size).toString();
    at = lineEnd + 2 + size + 2;
  }
  return body
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => JSON.parse(block.slice("data: ".length)) as Record<string, unknown>);
}

/** Floods the job's stream with large cumulative partials; returns the most the server held meanwhile. */
async function flood(jobId: string, baseline: number): Promise<number> {
  let held = 0;
  for (let i = 0; i < PARTIALS; i++) {
    emitJobEvent(jobId, { type: "partial", output: { output: `${i}:${"x".repeat(PARTIAL_TEXT)}`, partial: true } });
    held = Math.max(held, streamStats().bufferedBytes - baseline);
    await new Promise((resolve) => setImmediate(resolve)); // the connection takes what it can in between
  }
  return held;
}

describe("a slow client on a streaming run", () => {
  it("holds a bounded amount for a client that stops reading, stays responsive, and the client catches up with the newest partial and the final output", async () => {
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const before = streamStats();
    const stream = await openStream(user.key);
    await jobInState(stream.jobId, ["running"]);

    const held = await flood(stream.jobId, before.bufferedBytes);
    expect(held).toBeLessThan(HELD_BOUND);
    // The socket took no more: the newest partial waits here for the client.
    expect(streamStats().bufferedBytes - before.bufferedBytes).toBeGreaterThan(PARTIAL_TEXT);

    // Meanwhile the server answers others.
    const status = await fetch(`http://localhost:${PORT}/queue/${MOONSHINE_ID}/requests/${stream.jobId}/status`, { headers: { authorization: `Key ${user.key}` } });
    expect(status.status).toBe(202);
    expect(await status.json()).toMatchObject({ status: "IN_PROGRESS" });

    stream.socket.resume(); // reads again
    await stream.finished;
    const all = events(Buffer.concat(stream.received));
    // The flood's partials (the model's own partial, "seven", comes at the end).
    const partials = all.slice(0, -1).flatMap((e) => (/^\d+:/.test(String(e.output)) ? [Number(String(e.output).split(":")[0])] : []));
    expect(all.at(-1)).toEqual({ output: "seven", partial: false });
    // In order, without repeats; some never sent (replaced while waiting), the newest one always.
    partials.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(partials[i]!));
    expect(partials.length).toBeLessThan(PARTIALS);
    expect(partials.at(-1)).toBe(PARTIALS - 1);
    expect(streamStats().closedTooSlow).toBe(before.closedTooSlow);
  });

  it("disconnects a client that reads nothing for STREAM_MAX_STALL_SECONDS, releases what it held, and still finishes the job", async () => {
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const before = streamStats();
    const stream = await openStream(user.key);
    await jobInState(stream.jobId, ["running"]);

    const held = await flood(stream.jobId, before.bufferedBytes);
    expect(held).toBeLessThan(HELD_BOUND);
    expect(streamStats().bufferedBytes - before.bufferedBytes).toBeGreaterThan(PARTIAL_TEXT);
    const deadline = Date.now() + (STALL_SECONDS + 10) * 1000;
    while (streamStats().closedTooSlow === before.closedTooSlow && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(streamStats().closedTooSlow).toBe(before.closedTooSlow + 1);
    expect(streamStats().bufferedBytes).toBe(before.bufferedBytes);
    expect(streamStats().open).toBe(before.open);

    // The connection was closed: what the client had not read ends without a final output.
    stream.socket.resume();
    await stream.finished;
    expect(events(Buffer.concat(stream.received)).some((e) => e.partial === false)).toBe(false);
    // The job itself is not the client: it completes, and its result waits at the result URL.
    const done = await jobInState(stream.jobId, ["completed"], 30_000);
    expect(done.result).toEqual({ output: "seven", partial: false });
  });
});
