export interface DecodeJob {
  bytes: Uint8Array;
  /** audio-decode codec name. */
  decoder: string;
  /** "mix" averages all channels; a number keeps that channel only. */
  channel: "mix" | number;
  /** Stop with kind "too_long" once this many seconds are decoded. */
  maxSeconds: number;
  chunkBytes: number;
}

export type DecodeReply =
  | { ok: true; samples: Float32Array; sampleRate: number; channels: number }
  | { ok: false; kind: "too_long" | "bad_channel" | "format_change" | "decoder"; message: string };

export function decodeToMono(job: DecodeJob): Promise<DecodeReply>;
