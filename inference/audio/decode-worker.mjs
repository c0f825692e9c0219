/**
 * Runs an audio-decode codec over encoded bytes and returns one channel of float32 PCM at the source rate.
 *
 * Plain JavaScript on purpose: Node starts it as a worker thread (see decode-pool.ts) so a decoder that
 * spins, throws asynchronously or exhausts memory on hostile input can be terminated without taking the
 * server down. decodeToMono() is also imported directly when isolation is turned off.
 *
 * The input is fed in chunks so that a file whose header hides its length is stopped as soon as its
 * decoded audio passes the duration limit, instead of after the whole file is in memory.
 */
import { parentPort, workerData } from "node:worker_threads";
import decode from "audio-decode";

/**
 * @param {{bytes: Uint8Array, decoder: string, channel: "mix" | number, maxSeconds: number, chunkBytes: number}} job
 * @returns {Promise<{ok: true, samples: Float32Array, sampleRate: number, channels: number}
 *   | {ok: false, kind: "too_long" | "bad_channel" | "format_change" | "decoder", message: string}>}
 */
export async function decodeToMono(job) {
  const { bytes, decoder, channel, maxSeconds, chunkBytes } = job;
  const open = decode[decoder];
  if (typeof open !== "function") return { ok: false, kind: "decoder", message: `no decoder named ${decoder}` };
  const parts = [];
  let total = 0;
  let sampleRate = 0;
  let channels = 0;
  /** @returns {undefined | {ok: false, kind: any, message: string}} */
  const take = (result) => {
    const data = result.channelData;
    if (!data || data.length === 0 || data[0].length === 0) return undefined;
    if (!(result.sampleRate > 0)) return { ok: false, kind: "decoder", message: "the decoder reported no sample rate" };
    if (sampleRate === 0) sampleRate = result.sampleRate;
    if (result.sampleRate !== sampleRate) {
      return { ok: false, kind: "format_change", message: `sample rate changes mid-stream (${sampleRate} -> ${result.sampleRate} Hz)` };
    }
    channels = Math.max(channels, data.length);
    let mono;
    if (channel === "mix") {
      mono = data.length === 1 ? data[0].slice() : new Float32Array(data[0].length);
      if (data.length > 1) {
        const scale = 1 / data.length;
        for (const ch of data) for (let i = 0; i < mono.length; i++) mono[i] += ch[i] * scale;
      }
    } else {
      if (channel >= data.length) {
        return { ok: false, kind: "bad_channel", message: `channel ${channel} requested, the audio has ${data.length}` };
      }
      mono = data[channel].slice();
    }
    parts.push(mono);
    total += mono.length;
    if (total / sampleRate > maxSeconds) {
      return { ok: false, kind: "too_long", message: `decoded audio passed ${maxSeconds} s` };
    }
    return undefined;
  };

  const dec = await open();
  try {
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      const stop = take(await dec(bytes.subarray(offset, offset + chunkBytes)));
      if (stop) {
        dec.free();
        return stop;
      }
    }
    const stop = take(await dec());
    if (stop) return stop;
  } catch (error) {
    dec.free();
    return { ok: false, kind: "decoder", message: error instanceof Error ? error.message : String(error) };
  }
  const samples = new Float32Array(total);
  let at = 0;
  for (const part of parts) {
    samples.set(part, at);
    at += part.length;
  }
  return { ok: true, samples, sampleRate, channels };
}

if (parentPort && workerData?.role === "gigarouter-audio-decoder") {
  const port = parentPort;
  // The WASM codecs print their internal error codes (e.g. "MPG123_ERR") on every bad frame of hostile
  // input; failures reach the caller as typed errors instead, so their console output is dropped here.
  for (const level of ["log", "info", "warn", "error", "debug"]) console[level] = () => {};
  port.on("message", async (job) => {
    const reply = await decodeToMono(job);
    if (reply.ok) port.postMessage({ id: job.id, ...reply }, [reply.samples.buffer]);
    else port.postMessage({ id: job.id, ...reply });
  });
  port.postMessage({ ready: true });
}
