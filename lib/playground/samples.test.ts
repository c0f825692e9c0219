import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { BUNDLED_MODEL_ID, SAMPLE_CLIPS, samplesFor } from "./samples";

const publicDir = path.resolve(import.meta.dirname, "../../public");

describe("sample clips", () => {
  it("are 16 kHz mono WAV files as long as they say", () => {
    for (const clip of SAMPLE_CLIPS) {
      const wav = readFileSync(path.join(publicDir, clip.path));
      expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
      expect(wav.readUInt32LE(24)).toBe(16000);
      expect(wav.readUInt16LE(22)).toBe(1);
      const seconds = wav.readUInt32LE(40) / 2 / 16000;
      expect(Math.abs(seconds - clip.seconds)).toBeLessThan(0.01);
    }
  });

  it("give the bundled one-second model the word clips only", () => {
    const moonshine = findModel(BUNDLED_MODEL_ID)!;
    expect(samplesFor(moonshine).map((c) => c.id)).toEqual(["seven", "nine", "five", "zero"]);
  });

  it("give a multilingual model the sentences in its languages", () => {
    expect(samplesFor({ languages: ["en", "de"] }).map((c) => c.id)).toContain("german");
    expect(samplesFor({ languages: ["fr"] })).toEqual([]);
  });
});
