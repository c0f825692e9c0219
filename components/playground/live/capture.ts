import { Downsampler, TARGET_RATE, toPcm16 } from "./pcm16";

/**
 * The microphone as 100 ms PCM16 frames at 16 kHz, for the realtime API. Browser only.
 *
 * An AudioWorklet copies the microphone's samples off the audio thread in blocks; the main thread
 * brings them to 16 kHz (the context runs at 16 kHz where the browser allows it, otherwise at its own
 * rate and ./pcm16's Downsampler converts) and hands out whole frames.
 */

const FRAME_SAMPLES = TARGET_RATE / 10;

// Batches 128-sample render quanta into 2048-sample messages (about 43 ms at 48 kHz).
const WORKLET = `
class GigarouterCapture extends AudioWorkletProcessor {
  constructor() { super(); this.buffer = new Float32Array(2048); this.filled = 0; }
  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const n = channels[0].length;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i];
      this.buffer[this.filled++] = sum / channels.length;
      if (this.filled === this.buffer.length) {
        this.port.postMessage(this.buffer.slice(0));
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor("gigarouter-capture", GigarouterCapture);
`;

export interface Capture {
  stop(): Promise<void>;
}

export type CaptureFailure = "denied" | "unavailable";

export class CaptureError extends Error {
  constructor(readonly reason: CaptureFailure, message: string) {
    super(message);
  }
}

/** Starts the microphone; `onFrame` gets each 100 ms of 16 kHz PCM16. */
export async function startCapture(onFrame: (pcm16: ArrayBuffer, samples: number) => void): Promise<Capture> {
  if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === "undefined") {
    throw new CaptureError("unavailable", "This browser cannot stream from a microphone.");
  }
  let media: MediaStream;
  try {
    media = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
  } catch (error) {
    const denied = error instanceof DOMException && (error.name === "NotAllowedError" || error.name === "SecurityError");
    throw new CaptureError(denied ? "denied" : "unavailable", denied ? "Microphone access was refused." : "No microphone could be opened.");
  }
  let context: AudioContext;
  try {
    context = new AudioContext({ sampleRate: TARGET_RATE });
  } catch {
    context = new AudioContext();
  }
  const url = URL.createObjectURL(new Blob([WORKLET], { type: "text/javascript" }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const source = context.createMediaStreamSource(media);
  const node = new AudioWorkletNode(context, "gigarouter-capture", { numberOfInputs: 1, numberOfOutputs: 0 });
  const downsampler = new Downsampler(context.sampleRate);
  let pending: number[] = [];
  node.port.onmessage = (message: MessageEvent<Float32Array>) => {
    for (const s of downsampler.process(message.data)) pending.push(s);
    while (pending.length >= FRAME_SAMPLES) {
      const frame = Float32Array.from(pending.slice(0, FRAME_SAMPLES));
      pending = pending.slice(FRAME_SAMPLES);
      onFrame(toPcm16(frame), frame.length);
    }
  };
  source.connect(node);
  if (context.state === "suspended") await context.resume();
  return {
    async stop() {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      for (const track of media.getTracks()) track.stop();
      await context.close().catch(() => undefined);
    },
  };
}
