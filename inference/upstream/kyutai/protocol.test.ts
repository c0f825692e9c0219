import { decode, encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { decodeServerMessage, encodeClientMessage, ProtocolError } from "./protocol";

describe("moshi-server protocol", () => {
  it("packs audio as float32 throughout, silence included (the server reads Vec<f32>)", () => {
    const bytes = encodeClientMessage({ type: "Audio", pcm: Float32Array.from([0, 0.5, -1, 0.25]) });
    expect(decode(bytes)).toEqual({ type: "Audio", pcm: [0, 0.5, -1, 0.25] });
    // fixmap(2) "type" "Audio" "pcm" fixarray(4), then four 0xca float32 values.
    const array = bytes.indexOf(0x94);
    expect([0, 1, 2, 3].map((i) => bytes[array + 1 + i * 5])).toEqual([0xca, 0xca, 0xca, 0xca]);
  });

  it("packs markers with an integer id", () => {
    expect(decode(encodeClientMessage({ type: "Marker", id: 7 }))).toEqual({ type: "Marker", id: 7 });
  });

  it("reads every server message and refuses anything else", () => {
    expect(decodeServerMessage(encode({ type: "Ready" }))).toEqual({ type: "Ready" });
    expect(decodeServerMessage(encode({ type: "Word", text: "Hi", start_time: 1.2 }))).toEqual({ type: "Word", text: "Hi", start_time: 1.2 });
    expect(decodeServerMessage(encode({ type: "EndWord", stop_time: 1.6 }))).toEqual({ type: "EndWord", stop_time: 1.6 });
    expect(decodeServerMessage(encode({ type: "Step", step_idx: 3, prs: [0.1, 0.2], buffered_pcm: 0 }))).toMatchObject({ type: "Step", prs: [0.1, 0.2] });
    expect(decodeServerMessage(encode({ type: "Marker", id: 2 }))).toEqual({ type: "Marker", id: 2 });
    expect(decodeServerMessage(encode({ type: "Error", message: "no free channels" }))).toEqual({ type: "Error", message: "no free channels" });
    expect(() => decodeServerMessage(encode({ type: "Word", text: 3 }))).toThrow(ProtocolError);
    expect(() => decodeServerMessage(encode({ type: "Hello" }))).toThrow(/unknown message type/);
    expect(() => decodeServerMessage(new Uint8Array([0xc1]))).toThrow(ProtocolError);
  });
});
