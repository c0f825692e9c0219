/**
 * A stand-in for Kyutai's moshi-server (its `BatchedAsr` module on `/api/asr-streaming`), faithful to the
 * wire protocol so gigarouter's client can be tested without a GPU or the 2.6B weights:
 *
 * - the upgrade is refused with HTTP 401 unless `kyutai-api-key` (or `?auth_id=`) is an authorised id;
 * - each connection takes one of `maxChannels` slots, or gets `Error{"no free channels"}` and is closed;
 * - `Ready` first; then binary MessagePack messages `{type:"Audio", pcm}` (24 kHz float32) and
 *   `{type:"Marker", id}`; anything else ends the connection, as in the real server;
 * - audio is cut into 80 ms frames (1920 samples), one model step each; nothing happens without audio;
 * - "recognition": a run of frames louder than `threshold` (RMS) is one word, its text the next entry of
 *   the script; `Word{text, start_time}` and `EndWord{stop_time}` (times = frame index × 0.08 s on the
 *   connection's own clock) are sent `delaySteps` steps (default 32 = 2.56 s, the 2.6B config's
 *   asr_delay_in_tokens) after the step where the word ended — the model's delay;
 * - a Marker comes back once the steps it waits for (`delaySteps` plus the frames buffered when it
 *   arrived) have run, as the real server computes it;
 * - with `vad: true` it also sends `Step{step_idx, prs, buffered_pcm}` like models with a pause predictor.
 *
 * Test controls: `dropAll()` cuts every connection (a crash), `stall(true)` stops answering while
 * keeping connections open, `stats()` counts connections, frames and markers.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { decode, encode } from "@msgpack/msgpack";
import { WebSocketServer, type WebSocket } from "ws";

export const STUB_PATH = "/api/asr-streaming";
const SAMPLE_RATE = 24_000;
const FRAME = 1920;
const STEP_SECONDS = FRAME / SAMPLE_RATE;
const HYSTERESIS = 0.05;
/** Steps into a word before its text is written. */
const WORD_TOKEN_STEPS = 2;

export interface MoshiStubOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The server's `authorized_ids`. Default ["public_token"], the value in Kyutai's configs. */
  apiKeys?: string[];
  /** Steps between hearing the end of a word and writing it. Default 32 (2.56 s). */
  delaySteps?: number;
  /** Batch slots. Default 16. */
  maxChannels?: number;
  /** The words to "recognise", in order, cycled; or a script per connection (0, 1, ...). */
  words?: readonly string[] | ((connection: number) => readonly string[]);
  /** Frame RMS above which a frame is speech. Default 0.02. */
  threshold?: number;
  /** Send Step messages with pause predictions. Default false (the 2.6B model has no pause predictor). */
  vad?: boolean;
  /**
   * How a word gets its text: "script" (default) takes the next entry of `words`; "pitch" names it after
   * the tone it is made of ("tone440" for a 440 Hz burst), so a test can tell words apart across
   * connections.
   */
  label?: "script" | "pitch";
}

export interface MoshiStubStats {
  /** Connections open now. */
  open: number;
  /** Connections accepted since start (not counting refused ones). */
  accepted: number;
  /** Upgrades refused for a bad key. */
  unauthorized: number;
  /** Connections turned away with "no free channels". */
  busy: number;
  frames: number;
  markers: number;
  /** Audio messages whose samples were not all MessagePack float32. */
  nonFloatAudio: number;
}

export interface MoshiStub {
  /** ws://host:port (no path, like KYUTAI_URL). */
  url: string;
  port: number;
  stats(): MoshiStubStats;
  /** Cuts every open connection without a close handshake. */
  dropAll(): void;
  /** While true, incoming messages are read and ignored: the server goes quiet. */
  stall(on: boolean): void;
  stop(): Promise<void>;
}

export const DEFAULT_SCRIPT = ["hello", "world", "this", "is", "a", "streaming", "test"];

export async function startMoshiStub(options: MoshiStubOptions = {}): Promise<MoshiStub> {
  const apiKeys = new Set(options.apiKeys ?? ["public_token"]);
  const delaySteps = options.delaySteps ?? 32;
  const maxChannels = options.maxChannels ?? 16;
  const threshold = options.threshold ?? 0.02;
  const scriptFor = (n: number): readonly string[] => {
    const words = typeof options.words === "function" ? options.words(n) : (options.words ?? DEFAULT_SCRIPT);
    return words.length > 0 ? words : DEFAULT_SCRIPT;
  };
  const stats: MoshiStubStats = { open: 0, accepted: 0, unauthorized: 0, busy: 0, frames: 0, markers: 0, nonFloatAudio: 0 };
  const sockets = new Set<WebSocket>();
  let stalled = false;

  const http: Server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 << 20 });

  http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://stub");
    if (url.pathname !== STUB_PATH) return refuse(socket, 404, "Not Found");
    const header = request.headers["kyutai-api-key"];
    const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("auth_id");
    if (!key || !apiKeys.has(key)) {
      stats.unauthorized += 1;
      return refuse(socket, 401, "Unauthorized");
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    if (sockets.size >= maxChannels) {
      stats.busy += 1;
      ws.send(encode({ type: "Error", message: "no free channels" }));
      ws.close();
      return;
    }
    const script = scriptFor(stats.accepted);
    stats.accepted += 1;
    sockets.add(ws);
    stats.open = sockets.size;
    ws.on("close", () => {
      sockets.delete(ws);
      stats.open = sockets.size;
    });
    ws.on("error", () => undefined);

    let buffer = new Float32Array(0);
    let step = 0;
    let runStart: number | null = null;
    let silentSteps = 0;
    let nextWord = 0;
    // Zero crossings of the current word's audio: count, first and last position (absolute samples).
    let crossings = 0;
    let firstCrossing = 0;
    let lastCrossing = 0;
    let lastSign = 0;
    let announced = false;
    // Messages waiting for their step; at one step, text goes out before markers (as the server's
    // post-processing sends words, then the markers that are due).
    const due: { step: number; order: number; message: Record<string, unknown> }[] = [];
    let queued = 0;
    const schedule = (at: number, message: Record<string, unknown>) => {
      due.push({ step: at, order: (message.type === "Marker" ? 1e12 : 0) + queued++, message });
    };

    const send = (message: Record<string, unknown>) => {
      if (ws.readyState === ws.OPEN) ws.send(encode(message));
    };
    const release = () => {
      due.sort((a, b) => a.step - b.step || a.order - b.order);
      while (due.length > 0 && due[0]!.step <= step) send(due.shift()!.message);
    };
    const runStep = (frame: Float32Array) => {
      stats.frames += 1;
      let energy = 0;
      for (const s of frame) energy += s * s;
      const voiced = Math.sqrt(energy / frame.length) > threshold;
      const index = step;
      step += 1;
      if (voiced && runStart === null) {
        runStart = index;
        crossings = 0;
        lastSign = 0;
        announced = false;
      }
      if (voiced) {
        // Sign changes between samples clearly away from zero (hysteresis), so the filter's faint
        // ringing at a burst's edges is not counted.
        for (let i = 0; i < frame.length; i++) {
          const x = frame[i]!;
          if (Math.abs(x) < HYSTERESIS) continue;
          const sign = x > 0 ? 1 : -1;
          if (lastSign !== 0 && sign !== lastSign) {
            const at = index * FRAME + i;
            if (crossings === 0) firstCrossing = at;
            lastCrossing = at;
            crossings += 1;
          }
          lastSign = sign;
        }
      }
      // Like the model, the word's text is written (Word) a couple of steps into the word, and its end
      // (EndWord) when the text stream goes quiet after it; both `delaySteps` after the audio.
      if (runStart !== null && !announced && (!voiced || index - runStart + 1 >= WORD_TOKEN_STEPS)) {
        announced = true;
        const span = (lastCrossing - firstCrossing) / SAMPLE_RATE;
        const pitch = span > 0 ? Math.round((crossings - 1) / 2 / span / 10) * 10 : 0;
        const text = options.label === "pitch" ? `tone${pitch}` : script[nextWord % script.length]!;
        nextWord += 1;
        schedule(index + delaySteps, { type: "Word", text, start_time: runStart * STEP_SECONDS });
      }
      if (!voiced && runStart !== null) {
        schedule(index + delaySteps, { type: "EndWord", stop_time: index * STEP_SECONDS });
        runStart = null;
      }
      silentSteps = voiced ? 0 : silentSteps + 1;
      if (options.vad) {
        const pause = (steps: number) => (silentSteps >= steps ? 0.95 : 0.05);
        schedule(index + delaySteps, { type: "Step", step_idx: step, prs: [pause(6), pause(13), pause(25), pause(38)], buffered_pcm: buffer.length });
      }
      release();
    };

    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (stalled) return;
      if (!isBinary) return;
      let message: unknown;
      try {
        message = decode(data);
      } catch {
        ws.terminate();
        return;
      }
      const m = message as { type?: unknown; pcm?: unknown; id?: unknown };
      if (m.type === "Audio" && Array.isArray(m.pcm) && m.pcm.every((x) => typeof x === "number")) {
        if (!allFloat32(data, m.pcm.length)) stats.nonFloatAudio += 1;
        const merged = new Float32Array(buffer.length + m.pcm.length);
        merged.set(buffer);
        merged.set(m.pcm as number[], buffer.length);
        let offset = 0;
        while (merged.length - offset >= FRAME) {
          runStep(merged.subarray(offset, offset + FRAME));
          offset += FRAME;
        }
        buffer = merged.slice(offset);
      } else if (m.type === "Marker" && Number.isInteger(m.id)) {
        stats.markers += 1;
        const buffered = Math.floor(buffer.length / FRAME);
        schedule(step + delaySteps + buffered, { type: "Marker", id: m.id });
        release();
      } else {
        // rmp_serde cannot read it: the real server's receive loop ends, and so does the connection.
        ws.terminate();
      }
    });

    send({ type: "Ready" });
  }

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = options.host ?? "127.0.0.1";

  return {
    url: `ws://${host}:${port}`,
    port,
    stats: () => ({ ...stats }),
    dropAll() {
      for (const ws of sockets) ws.terminate();
    },
    stall(on) {
      stalled = on;
    },
    async stop() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/**
 * True when the message's `pcm` array holds only float32 values (MessagePack 0xca), as Kyutai's clients
 * send them: found by counting 0xca markers after the array header.
 */
function allFloat32(bytes: Buffer, count: number): boolean {
  // Find the array header after the "pcm" key; fine for this fixed, small map.
  const key = bytes.indexOf(Buffer.from([0xa3, 0x70, 0x63, 0x6d]));
  if (key < 0) return false;
  let i = key + 4;
  const head = bytes[i]!;
  if (head >= 0x90 && head <= 0x9f) i += 1;
  else if (head === 0xdc) i += 3;
  else if (head === 0xdd) i += 5;
  else return false;
  for (let n = 0; n < count; n++, i += 5) if (bytes[i] !== 0xca) return false;
  return true;
}
