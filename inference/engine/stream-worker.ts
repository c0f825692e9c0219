/**
 * A stream worker thread: loads one streaming model's runner, then hosts every live stream the main
 * thread opens on it. The runner steps its streams together here, so its `session.run` calls block this
 * thread, never the web server's; the main thread only forwards audio and events (streams.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { createNemotronRunner as engineCreateRunner, type NemotronRunner, type NemotronRunnerOptions } from "../models/nemotron/runner.js";
import { nemotronStreamingModel } from "../models/nemotron/streaming-model.js";
import type { StreamEvent, StreamingModel, StreamingSession } from "../upstream/kyutai/stream-types.js";
import { serializeError } from "./errors.js";
import type { FromStreamWorker, StreamWorkerLoad, ToStreamWorker, WireStreamEvent } from "./stream-protocol.js";
import { warmupClip } from "./warmup.js";

type CreateRunner = (dir: string, options: NemotronRunnerOptions, hookData?: unknown) => Promise<NemotronRunner>;

const port = parentPort;
if (!port) throw new Error("inference/engine/stream-worker.ts runs only as a worker thread");
const load = workerData as StreamWorkerLoad;
const send = (message: FromStreamWorker, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

const sessions = new Map<number, StreamingSession>();
/** The decoded seconds last reported per stream, so a step reports only what moved. */
const reported = new Map<number, number>();

async function creatorFor(spec: StreamWorkerLoad): Promise<CreateRunner> {
  if (!spec.loaderModule) return engineCreateRunner;
  const module = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ spec.loaderModule)) as { createNemotronRunner: CreateRunner };
  return module.createNemotronRunner;
}

function reportProgress(): void {
  const decoded: Array<[number, number]> = [];
  for (const [id, session] of sessions) {
    const seconds = session.pushedSeconds() - session.pendingSeconds();
    if (reported.get(id) !== seconds) {
      reported.set(id, seconds);
      decoded.push([id, seconds]);
    }
  }
  if (decoded.length) send({ type: "progress", decoded });
}

function toWire(event: StreamEvent): WireStreamEvent {
  return event.type === "error" ? { type: "error", error: serializeError(event.error) } : event;
}

function forget(id: number): void {
  sessions.delete(id);
  reported.delete(id);
}

function open(model: StreamingModel, id: number, options: Parameters<StreamingModel["createStream"]>[0]): void {
  const session = model.createStream(options);
  sessions.set(id, session);
  session.onEvent((event) => send({ type: "event", stream: id, event: toWire(event) }));
  session.ready.then(
    () => send({ type: "opened", stream: id }),
    (error: unknown) => {
      forget(id);
      send({ type: "refused", stream: id, error: serializeError(error) });
    },
  );
}

async function handle(model: StreamingModel, runner: NemotronRunner, message: ToStreamWorker): Promise<void> {
  if (message.type === "shutdown") {
    for (const session of sessions.values()) session.abort();
    sessions.clear();
    await runner.dispose();
    port!.close();
    return;
  }
  if (message.type === "open") return open(model, message.stream, message.options);
  const session = sessions.get(message.stream);
  switch (message.type) {
    case "push":
      try {
        session?.push(message.samples);
      } catch (error) {
        // In a thread of its own a refused push cannot throw at its caller; the stream ends with the error.
        send({ type: "event", stream: message.stream, event: { type: "error", error: serializeError(error) } });
        session?.abort();
        forget(message.stream);
      }
      return;
    case "flush":
      await session?.flush();
      send({ type: "flushed", stream: message.stream, request: message.request });
      return;
    case "close":
      await session?.close();
      forget(message.stream);
      send({ type: "closed", stream: message.stream });
      return;
    case "abort":
      session?.abort();
      forget(message.stream);
      return;
  }
}

async function main(): Promise<void> {
  let runner: NemotronRunner;
  let model: StreamingModel;
  try {
    const create = await creatorFor(load);
    runner = await create(
      load.dir,
      {
        ...(load.provider ? { provider: load.provider } : {}),
        ...(load.intraOpThreads ? { intraOpThreads: load.intraOpThreads } : {}),
        ...(load.maxStreams ? { maxStreams: load.maxStreams } : {}),
        onStep: reportProgress,
      },
      load.hookData,
    );
    // Every chunk graph once, so no stream's first chunk pays the first run's allocations.
    const clip = warmupClip();
    await runner.transcribeAudio(
      runner.accelerations.map(() => clip),
      runner.accelerations.map((acceleration) => ({ acceleration })),
    );
    model = nemotronStreamingModel(runner);
  } catch (error) {
    send({ type: "load_failed", error: serializeError(error) });
    return;
  }
  send({ type: "ready", provider: runner.provider, latencyMs: model.latencyMs });
  port!.on("message", (message: ToStreamWorker) => {
    handle(model, runner, message).catch((error: unknown) => {
      if (!("stream" in message)) return;
      send({ type: "event", stream: message.stream, event: { type: "error", error: serializeError(error) } });
      forget(message.stream);
      // A caller waiting on this message is answered all the same.
      if (message.type === "flush") send({ type: "flushed", stream: message.stream, request: message.request });
      if (message.type === "close") send({ type: "closed", stream: message.stream });
    });
  });
}

void main();
