import { describe, expect, it } from "vitest";
import { catalog } from "./models";
import { nemotronAdaptationReadyLocales } from "./models/nvidia-nemotron-asr-multilingual";
import { moonshineMicroClasses } from "./models/moonshine-micro";
import { OPEN_ASR_LEADERBOARD } from "./models/shared";
import { catalogModelSchema, catalogProblems } from "./schema";
import type { CatalogModel } from "./types";

function entry(id: string): CatalogModel {
  const model = catalog.find((m) => m.id === id);
  if (!model) throw new Error(`${id} missing from the catalog`);
  return model;
}

function werTable(model: CatalogModel, name = OPEN_ASR_LEADERBOARD): Record<string, number> {
  const table = model.benchmarks.find((t) => t.name === name);
  return Object.fromEntries((table?.results ?? []).map((r) => [r.dataset, r.wer]));
}

const allText = (m: CatalogModel) =>
  [m.summary, ...m.about.flatMap((s) => s.paragraphs), ...m.keyCapabilities, ...m.faq.map((f) => f.answer)].join(" ");

describe("every catalog entry", () => {
  it("passes the schema and cross-entry checks (unique ids, related ids exist)", () => {
    expect(catalogProblems(catalog)).toEqual([]);
  });

  it("holds the three seed models, the bundled model and at least six related models", () => {
    const ids = catalog.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "nvidia/canary-1b-flash",
        "nvidia/nemotron-asr-multilingual",
        "kyutai/stt-2.6b-en",
        "moonshine-ai/moonshine-micro",
      ]),
    );
    expect(ids.length).toBeGreaterThanOrEqual(10);
  });

  it("answers how to call it through the gigarouter API, with a short name the API accepts", () => {
    for (const m of catalog) {
      const faq = m.faq.find((f) => f.question === "How do I call this model via the gigarouter API?");
      expect(faq, m.id).toBeDefined();
      expect(faq?.answer).toContain(`"${m.shortName}"`);
      expect(faq?.answer).toContain("/v1/audio/transcriptions");
    }
  });

  it("cites a source for every WER table and speed figure", () => {
    for (const m of catalog) {
      for (const t of m.benchmarks) expect(t.source.url, `${m.id} ${t.name}`).toMatch(/^https:\/\//);
      for (const s of m.speed) expect(s.source.url, `${m.id} ${s.hardware}`).toMatch(/^https:\/\//);
    }
  });

  it("keeps translation pairs within the model's own languages", () => {
    for (const m of catalog) {
      for (const p of m.translationPairs) {
        expect(m.languages, `${m.id} ${p.from}->${p.to}`).toEqual(expect.arrayContaining([p.from, p.to]));
      }
      expect(m.translationPairs.length > 0, m.id).toBe(m.tasks.includes("translation"));
    }
  });

  it("only gives a weights folder to models that have a runner", () => {
    for (const m of catalog) {
      if (m.serving.runner === "none") expect(m.serving.weightsDir, m.id).toBeUndefined();
    }
  });
});

describe("the schema", () => {
  const valid = entry("nvidia/canary-1b-flash");

  it("rejects fractional money, implausible WERs and bad dates", () => {
    expect(catalogModelSchema.safeParse({ ...valid, pricing: { perMinuteMicroUsd: 3400.5, estimated: true } }).success).toBe(false);
    const badWer = { ...valid, benchmarks: [{ ...valid.benchmarks[0]!, results: [{ dataset: "AMI", wer: 131.1 }] }] };
    expect(catalogModelSchema.safeParse(badWer).success).toBe(false);
    expect(catalogModelSchema.safeParse({ ...valid, publishedAt: "March 2025" }).success).toBe(false);
  });

  it("reports duplicate ids and dangling related ids", () => {
    const twin = { ...valid, shortName: "twin" };
    const dangling = { ...entry("kyutai/stt-2.6b-en"), related: ["nobody/nothing"] };
    const problems = catalogProblems([valid, twin, dangling]).join("\n");
    expect(problems).toContain("duplicate id");
    expect(problems).toContain("nobody/nothing");
  });
});

describe("Canary 1B Flash (seed page)", () => {
  const m = entry("nvidia/canary-1b-flash");

  it("has the header facts", () => {
    expect(m.name).toBe("Canary 1B Flash");
    expect(m.publishedAt).toBe("2025-03");
    expect(m.updatedAt).toBe("2026-06");
    expect(m.pricing).toEqual({ perMinuteMicroUsd: 3400, estimated: true });
    expect(m.apiProviders).toBe(0);
    expect(m.downloadsPerMonth).toBe(3900);
    expect(m.license.id).toBe("cc-by-4.0");
    expect(m.license.label).toBe("CC-BY-4.0");
    expect(m.license.commercialUse).toBe(true);
  });

  it("has the specs", () => {
    expect(m.taskLabel).toBe("ASR and AST (Automatic Speech Translation)");
    expect(m.architecture).toBe("FastConformer encoder with 32 layers + Transformer decoder with 4 layers");
    expect(m.parameters).toMatchObject({ count: 883_000_000, label: "883 million" });
  });

  it("has languages, translation directions, PnC and experimental timestamps", () => {
    expect(m.languages).toEqual(["en", "de", "fr", "es"]);
    const pairs = m.translationPairs.map((p) => `${p.from}>${p.to}`).sort();
    expect(pairs).toEqual(["de>en", "en>de", "en>es", "en>fr", "es>en", "fr>en"]);
    expect(m.capabilities).toMatchObject({ punctuation: true, timestamps: ["word", "segment"], streaming: false });
    expect(allText(m)).toMatch(/experimental/);
  });

  it("has the training data breakdown", () => {
    expect(m.trainingHours).toBe(85_000);
    expect(m.trainingData?.map((p) => p.hours)).toEqual([31_000, 20_000, 34_000]);
    expect(m.trainingData?.map((p) => p.label)).toEqual(["Public datasets", "Suno", "In-house data"]);
    expect(m.trainingData?.[0]?.note).toMatch(/LibriSpeech, Multilingual LibriSpeech, Common Voice, VoxPopuli/);
  });

  it("has the WER table exactly as published, with its conditions", () => {
    expect(werTable(m)).toEqual({
      AMI: 13.11,
      GigaSpeech: 9.85,
      "LibriSpeech Clean": 1.48,
      "LibriSpeech Other": 2.87,
      Earnings22: 12.79,
      SPGISpeech: 1.95,
      Tedlium: 3.12,
      VoxPopuli: 5.63,
    });
    expect(m.benchmarks[0]?.conditions).toMatch(/without PnC.*greedy.*whisper-normalizer/i);
  });

  it("has the speed figures", () => {
    expect(m.speed).toEqual([expect.objectContaining({ rtfx: 1045.75, hardware: "NVIDIA A100", batchSize: 128 })]);
    expect(m.performanceNotes.join(" ")).toMatch(/Above 1,000 RTFx.*A100/);
  });

  it("answers the seed page's questions", () => {
    const questions = m.faq.map((f) => f.question).join("\n");
    expect(questions).toMatch(/languages/i);
    expect(questions).toMatch(/how fast/i);
    expect(questions).toMatch(/timestamps/i);
    expect(questions).toMatch(/license/i);
    expect(m.faq.find((f) => /how fast/i.test(f.question))?.answer).toMatch(/883M.*1,000 RTFx/);
  });
});

describe("Kyutai STT 2.6B English (seed page)", () => {
  const m = entry("kyutai/stt-2.6b-en");

  it("has the header and specs", () => {
    expect([m.publishedAt, m.updatedAt]).toEqual(["2025-06", "2025-06"]);
    expect(m.pricing).toEqual({ perMinuteMicroUsd: 3400, estimated: true });
    expect(m.apiProviders).toBe(0);
    expect(m.downloadsPerMonth).toBeUndefined();
    expect(m.license).toMatchObject({ id: "cc-by-4.0", label: "CC-BY 4.0" });
    expect(m.taskLabel).toBe("Automatic Speech Recognition (ASR) / Streaming Speech-to-Text");
    expect(m.architecture).toBe("Decoder-only Transformer with Mimi audio tokenizer");
    expect(m.parameters.label).toBe("~2.6 billion");
    expect(m.parameters.note).toMatch(/2\.7 billion/);
  });

  it("streams English with a 2.5 s delay, word timestamps and punctuation, up to 2 hours", () => {
    expect(m.languages).toEqual(["en"]);
    expect(m.capabilities).toMatchObject({ streaming: true, timestamps: ["word"], punctuation: true });
    expect(m.streaming?.latencyMs).toBe(2500);
    expect(m.maxAudioSeconds).toBe(7200);
  });

  it("states the Mimi tokenizer, throughput and training stages", () => {
    expect(allText(m)).toMatch(/12\.5 frames per second with 32 audio tokens per frame/);
    const notes = m.performanceNotes.join(" ");
    expect(notes).toMatch(/400 audio streams.*H100/);
    expect(notes).toMatch(/64 concurrent streaming connections.*L40S.*3x real time/);
    expect(m.trainingData?.map((p) => p.hours)).toEqual([2_500_000, 24_000, 23_000]);
  });

  it("answers the seed page's questions, including the audio input format", () => {
    const questions = m.faq.map((f) => f.question).join("\n");
    expect(questions).toMatch(/delay/);
    expect(questions).toMatch(/license/);
    expect(questions).toMatch(/timestamps/);
    expect(questions).toMatch(/audio format/);
  });
});

describe("Nemotron ASR Streaming Multilingual (seed API page)", () => {
  const m = entry("nvidia/nemotron-asr-multilingual");

  it("lists the 40 locales of the API's language enum, detection for auto, and the badges", () => {
    expect(m.languages).toHaveLength(40);
    expect(m.languages.slice(0, 4)).toEqual(["en-US", "en-GB", "es-US", "es-ES"]);
    expect(m.languages).toEqual(expect.arrayContaining(["ar-AR", "nn-NO", "nb-NO", "mt-MT", "sl-SI"]));
    expect(m.languages).toEqual(expect.arrayContaining(nemotronAdaptationReadyLocales));
    expect(m.capabilities.languageDetection).toBe(true);
    expect(m.tags).toEqual(["Inference", "Commercial use", "Streaming"]);
  });

  it("streams with the four acceleration chunk sizes", () => {
    expect(m.capabilities.streaming).toBe(true);
    expect(m.streaming?.chunkSizesMs).toEqual([1120, 560, 320, 80]);
    expect(m.streaming?.note).toMatch(/none = 1\.12 s.*regular = 0\.56 s.*high = 0\.32 s.*full = 0\.08 s/);
  });

  it("carries the public model card's facts, not invented ones", () => {
    expect(m.parameters.count).toBe(600_000_000);
    expect(m.license).toMatchObject({ id: "openmdw-1.1", commercialUse: true });
    expect(m.publishedAt).toBe("2026-06-04");
    expect(m.speed).toEqual([]);
    expect(werTable(m)).toEqual({});
    expect(m.pricing.estimated).toBe(true);
  });
});

describe("moonshine-micro (bundled, live)", () => {
  const m = entry("moonshine-ai/moonshine-micro");

  it("is served by its own runner from the bundled folder, at a set price", () => {
    expect(m.serving).toEqual({ runner: "moonshine-micro", weightsDir: "moonshine-micro" });
    expect(m.pricing).toEqual({ perMinuteMicroUsd: 1000, estimated: false });
    expect(m.license.id).toBe("mit");
  });

  it("states its published size, compute and accuracy without calling accuracy a WER", () => {
    expect(m.parameters.count).toBe(1_020_000);
    expect(m.benchmarks).toEqual([]);
    expect(m.accuracy?.[0]).toMatchObject({ metric: "Top-1 accuracy", value: 90.91 });
    expect(m.accuracy?.[0]?.dataset).toMatch(/220/);
    expect(m.performanceNotes.join(" ")).toMatch(/36 MMAC/);
    expect(m.performanceNotes.join(" ")).toMatch(/not a word error rate/);
  });

  it("tells users it recognises one isolated token per ~1 s clip, not continuous speech", () => {
    expect(m.summary).toMatch(/one spoken token/);
    expect(m.summary).toMatch(/not transcribe continuous speech/);
    expect(m.maxAudioSeconds).toBe(1);
    expect(moonshineMicroClasses).toHaveLength(51);
  });
});

describe("related models", () => {
  it("use the leaderboard's published per-dataset WER (spot checks)", () => {
    expect(werTable(entry("openai/whisper-large-v3"))).toMatchObject({ AMI: 15.95, VoxPopuli: 9.54 });
    expect(werTable(entry("nvidia/parakeet-tdt-0.6b-v2"))).toMatchObject({ AMI: 11.16, "LibriSpeech Clean": 1.69 });
    expect(werTable(entry("UsefulSensors/moonshine-base"))).toMatchObject({ Earnings22: 16.85 });
  });

  it("only the canary-180m-flash entry among them has a runner of ours", () => {
    const related = catalog.filter((m) => !m.featured);
    const served = related.filter((m) => m.serving.runner !== "none").map((m) => m.id);
    expect(served).toEqual(["nvidia/canary-180m-flash"]);
  });
});
