import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SUPPORTED_FORMATS_TEXT as ENGINE_FORMATS } from "@/inference";
import { sniffAudioFormat, SUPPORTED_FORMATS_TEXT } from "./audioFormat";

const fixtures = path.resolve(import.meta.dirname, "../../../shared/fixtures/audio");
const head = (file: string) => new Uint8Array(readFileSync(path.join(fixtures, file)).subarray(0, 65536));
const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe("sniffing a picked file", () => {
  it("says what the engine says it reads", () => {
    expect(SUPPORTED_FORMATS_TEXT).toBe(ENGINE_FORMATS);
  });

  it("recognises real recordings by their bytes", () => {
    expect(sniffAudioFormat(head("beckett.wav"))).toBe("WAV");
    expect(sniffAudioFormat(head("jfk.flac"))).toBe("FLAC");
    expect(sniffAudioFormat(head("multilingual.mp3"))).toBe("MP3");
  });

  it("recognises the other containers by their magic numbers", () => {
    expect(sniffAudioFormat(bytes("OggS", 0, 2))).toBe("OGG");
    expect(sniffAudioFormat(bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f))).toBe("WebM");
    expect(sniffAudioFormat(bytes(0, 0, 0, 0x20, "ftypM4A "))).toBe("M4A/MP4");
    expect(sniffAudioFormat(bytes(0xff, 0xf1, 0x50, 0x80))).toBe("AAC");
  });

  it("refuses what is not audio, whatever its name", () => {
    expect(sniffAudioFormat(bytes("%PDF-1.7"))).toBeNull();
    expect(sniffAudioFormat(bytes(0x89, "PNG\r\n"))).toBeNull();
    expect(sniffAudioFormat(new TextEncoder().encode("just some text"))).toBeNull();
    expect(sniffAudioFormat(new Uint8Array(0))).toBeNull();
  });
});
