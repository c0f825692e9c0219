import { decode, Encoder } from "@msgpack/msgpack";

/**
 * moshi-server's `/api/asr-streaming` websocket protocol (the `BatchedAsr` module Kyutai's STT configs
 * use), as its Rust source defines it. Every websocket message is one binary frame holding one
 * MessagePack map whose `type` field names the variant (serde's internally tagged enums):
 *
 * client -> server
 *   { type: "Audio", pcm: float32[] }   mono PCM at 24 kHz, any length (the server cuts 1920-sample frames)
 *   { type: "Marker", id: int }         echoed back once every frame sent before it has been transcribed,
 *                                       delay included — the only way to learn that text is complete
 * server -> client
 *   { type: "Ready" }                   the stream has a slot in the server's batch
 *   { type: "Word", text, start_time }  a word; times in seconds on the stream's own 24 kHz clock
 *   { type: "EndWord", stop_time }      the end of the word sent last
 *   { type: "Step", step_idx, prs, buffered_pcm }   per model step, only from models with a pause
 *                                       predictor: prs[i] = probability of a pause of 0.5/1/2/3 s
 *   { type: "Marker", id }
 *   { type: "Error", message }          e.g. "no free channels", then the server closes
 *
 * Authentication is the `kyutai-api-key` header (or `?auth_id=`) checked against the server's
 * `authorized_ids` before the upgrade: a wrong key gets HTTP 401 and no websocket.
 */

export const SAMPLE_RATE = 24_000;
/** One model step: 80 ms of audio (the Mimi codec's 12.5 Hz frame rate). */
export const FRAME_SAMPLES = 1920;
export const FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE;
export const API_KEY_HEADER = "kyutai-api-key";
export const ASR_PATH = "/api/asr-streaming";

export type ServerMessage =
  | { type: "Ready" }
  | { type: "Word"; text: string; start_time: number }
  | { type: "EndWord"; stop_time: number }
  | { type: "Step"; step_idx: number; prs: number[]; buffered_pcm: number }
  | { type: "Marker"; id: number }
  | { type: "Error"; message: string };

export type ClientMessage = { type: "Audio"; pcm: Float32Array } | { type: "Marker"; id: number };

// Audio goes out as float32 throughout: the server deserialises Vec<f32>, and silence (0) would
// otherwise be packed as an integer.
const audioEncoder = new Encoder({ forceFloat32: true, forceIntegerToFloat: true });
const controlEncoder = new Encoder();

export function encodeClientMessage(message: ClientMessage): Uint8Array {
  if (message.type === "Audio") return audioEncoder.encode({ type: "Audio", pcm: Array.from(message.pcm) });
  return controlEncoder.encode({ type: "Marker", id: message.id });
}

/** Thrown for bytes that are not one of the server messages above. */
export class ProtocolError extends Error {}

/** Decodes one server message; unknown or malformed messages are a ProtocolError. */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  let value: unknown;
  try {
    value = decode(bytes);
  } catch (error) {
    throw new ProtocolError(`not MessagePack: ${(error as Error).message}`);
  }
  if (!isRecord(value) || typeof value.type !== "string") throw new ProtocolError("a message without a type");
  switch (value.type) {
    case "Ready":
      return { type: "Ready" };
    case "Word":
      if (typeof value.text === "string" && isNumber(value.start_time)) {
        return { type: "Word", text: value.text, start_time: value.start_time };
      }
      break;
    case "EndWord":
      if (isNumber(value.stop_time)) return { type: "EndWord", stop_time: value.stop_time };
      break;
    case "Step":
      if (isNumber(value.step_idx) && Array.isArray(value.prs) && value.prs.every(isNumber)) {
        return { type: "Step", step_idx: value.step_idx, prs: value.prs, buffered_pcm: isNumber(value.buffered_pcm) ? value.buffered_pcm : 0 };
      }
      break;
    case "Marker":
      if (isNumber(value.id)) return { type: "Marker", id: value.id };
      break;
    case "Error":
      return { type: "Error", message: typeof value.message === "string" ? value.message : "unknown error" };
    default:
      throw new ProtocolError(`unknown message type ${JSON.stringify(value.type)}`);
  }
  throw new ProtocolError(`malformed ${value.type} message`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
