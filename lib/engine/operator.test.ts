import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { deriveStatus } from "@/lib/catalog/status";
import { NotFoundError } from "@/lib/errors";
import { Engine, type EngineSettings } from "./engine";
import { addModel, fetchPublishedModel, listServableModels, ModelCommandError, removeModel } from "./operator";
import { PUBLISHED_MODELS } from "./published";
import { readRegistrations } from "./registrations";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CANARY_FIXTURES = path.join(REPO, "inference/models/canary/fixtures");
const SHARED_MODELS = path.join(REPO, "../shared/models");
const AUDIO = path.join(REPO, "../shared/fixtures/audio");

let dataDir: string;
let registry: string;
let emptyModelsDir: string;
const engines: Engine[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-operator-"));
  registry = path.join(dataDir, "models", "registry.json");
  emptyModelsDir = path.join(dataDir, "no-weights");
  fs.mkdirSync(emptyModelsDir);
});

afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
afterAll(async () => {
  await Promise.all(engines.map((e) => e.shutdown()));
});

function engine(overrides: Partial<EngineSettings> = {}): Engine {
  const created = new Engine({
    provider: "cpu",
    workers: 1,
    intraOpThreads: 1,
    maxBatchSize: 8,
    maxWaitMs: 5,
    modelsDir: emptyModelsDir,
    registry,
    ...overrides,
  });
  engines.push(created);
  return created;
}

function catalogModel(id: string) {
  const model = findModel(id);
  if (!model) throw new Error(`${id} is not in the catalog`);
  return model;
}

const clip = (...parts: string[]) => fs.readFileSync(path.join(AUDIO, ...parts));

describe("npm run models -- add", () => {
  it.each(["sherpa", "onnx-asr"])("registers the %s Canary fixture as canary-180m-flash, which turns live and transcribes", async (layout) => {
    const model = catalogModel("nvidia/canary-180m-flash");
    expect(deriveStatus(model, emptyModelsDir, registry)).toBe("coming_soon");

    const registration = await addModel("canary-180m-flash", path.join(CANARY_FIXTURES, layout), { registry });
    expect(registration).toMatchObject({ modelId: "nvidia/canary-180m-flash", runner: "canary-aed", validatedProvider: "cpu" });
    expect(registration.manifest.config).toMatchObject({ layout });
    expect(deriveStatus(model, emptyModelsDir, registry)).toBe("live");
    expect(listServableModels({ registry, modelsDir: emptyModelsDir }).find((m) => m.id === model.id)).toMatchObject({
      status: "live",
      origin: "registered",
    });

    const served = engine();
    const transcript = await served.transcribe("canary-180m-flash", clip("jfk.flac"), { language: "en" });
    expect(transcript.text.length).toBeGreaterThan(0);
    expect(transcript.durationSeconds).toBeCloseTo(11, 0);
    expect(served.status().models).toEqual([
      expect.objectContaining({ id: "nvidia/canary-180m-flash", state: "ready", provider: "cpu", cpuFallback: false, batches: 1 }),
    ]);

    expect(removeModel("nvidia/canary-180m-flash", { registry })).toBe(true);
    expect(deriveStatus(model, emptyModelsDir, registry)).toBe("coming_soon");
    await expect(served.transcribe("canary-180m-flash", clip("jfk.flac"))).rejects.toMatchObject({ code: "model_not_live" });
  });

  it("refuses a directory that is not a model, and registers nothing", async () => {
    const error = await addModel("nvidia/canary-1b-flash", path.join(AUDIO, "alphanumeric"), { registry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCommandError);
    expect((error as Error).message).toMatch(/cannot be served: .*matches no known model layout/);
    expect(fs.existsSync(registry)).toBe(false);
    expect(deriveStatus(catalogModel("nvidia/canary-1b-flash"), emptyModelsDir, registry)).toBe("coming_soon");
  });

  it("refuses a directory whose files are incomplete or broken", async () => {
    const broken = path.join(dataDir, "broken");
    fs.cpSync(path.join(CANARY_FIXTURES, "sherpa"), broken, { recursive: true });
    fs.writeFileSync(path.join(broken, "decoder.onnx"), "not an onnx file");
    await expect(addModel("nvidia/canary-1b-flash", broken, { registry })).rejects.toThrow(/cannot be served/);
    expect(readRegistrations(registry).size).toBe(0);
  });

  it("refuses a model of another runner than the catalog entry's", async () => {
    await expect(addModel("moonshine-ai/moonshine-micro", path.join(CANARY_FIXTURES, "sherpa"), { registry })).rejects.toThrow(
      "holds a 'canary-aed' model, but moonshine-ai/moonshine-micro is served by the 'moonshine-micro' runner",
    );
    await expect(addModel("openai/whisper-large-v3", path.join(CANARY_FIXTURES, "sherpa"), { registry })).rejects.toThrow(/no engine runner/);
    await expect(addModel("no/such-model", path.join(CANARY_FIXTURES, "sherpa"), { registry })).rejects.toThrow(/not a catalog model/);
    expect(readRegistrations(registry).size).toBe(0);
  });
});

describe("npm run models -- fetch", () => {
  const published = PUBLISHED_MODELS["moonshine-micro"]!;
  const offline = async (url: string): Promise<Uint8Array> => {
    throw new Error(`offline test: no download of ${url}`);
  };

  it("copies moonshine-micro from the local mirror, checks every sum, registers it, and the engine serves it", async () => {
    const target = path.join(dataDir, "models");
    const registration = await fetchPublishedModel("moonshine-micro", { mirror: SHARED_MODELS, targetDir: target, registry, download: offline });
    expect(registration.dir).toBe(path.join(target, "moonshine-micro"));
    expect(fs.readdirSync(registration.dir).sort()).toEqual(published.files.map((f) => f.name).sort());

    const model = catalogModel("moonshine-ai/moonshine-micro");
    expect(deriveStatus(model, emptyModelsDir, registry)).toBe("live");
    const seven = fs.readdirSync(path.join(AUDIO, "alphanumeric", "seven"))[0]!;
    const transcript = await engine().transcribe("moonshine-micro", clip("alphanumeric", "seven", seven));
    expect(transcript.text).toBe("seven");
  });

  it("downloads what the mirror lacks and refuses a file whose checksum differs, writing nothing", async () => {
    const mirror = path.join(dataDir, "mirror");
    fs.cpSync(path.join(SHARED_MODELS, "moonshine-micro"), path.join(mirror, "moonshine-micro"), { recursive: true });
    fs.rmSync(path.join(mirror, "moonshine-micro", "LICENSE"));
    const requested: string[] = [];
    const tampered = async (url: string) => {
      requested.push(url);
      return new TextEncoder().encode("MIT License, but not the published bytes");
    };
    const target = path.join(dataDir, "models");
    const error = await fetchPublishedModel("moonshine-micro", { mirror, targetDir: target, registry, download: tampered }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCommandError);
    expect((error as Error).message).toMatch(/Checksum mismatch for LICENSE .*Nothing was written or registered/);
    expect(requested).toEqual([`https://raw.githubusercontent.com/moonshine-ai/moonshine/${published.commit}/micro/LICENSE`]);
    expect(fs.existsSync(path.join(target, "moonshine-micro"))).toBe(false);
    expect(readRegistrations(registry).size).toBe(0);
  });

  it("refuses a mirror copy of the model itself that was altered", async () => {
    const mirror = path.join(dataDir, "mirror");
    fs.cpSync(path.join(SHARED_MODELS, "moonshine-micro"), path.join(mirror, "moonshine-micro"), { recursive: true });
    const onnx = path.join(mirror, "moonshine-micro", "spelling_cnn_mel.shrunk.onnx");
    const bytes = fs.readFileSync(onnx);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    fs.writeFileSync(onnx, bytes);
    await expect(
      fetchPublishedModel("moonshine-micro", { mirror, targetDir: path.join(dataDir, "models"), registry, download: offline }),
    ).rejects.toThrow(/Checksum mismatch for spelling_cnn_mel\.shrunk\.onnx/);
    expect(readRegistrations(registry).size).toBe(0);
  });
});

describe("lib/engine", () => {
  it("names unknown and not-live models with the API's error codes", async () => {
    const served = engine();
    await expect(served.transcribe("no/such-model", new Uint8Array(10))).rejects.toBeInstanceOf(NotFoundError);
    await expect(served.transcribe("no/such-model", new Uint8Array(10))).rejects.toMatchObject({ code: "model_not_found" });
    await expect(served.transcribe("nvidia/canary-1b-flash", new Uint8Array(10))).rejects.toMatchObject({ code: "model_not_live" });
  });

  it("serves a model from MODELS_DIR, batches concurrent requests, and reports CUDA falling back to CPU", async () => {
    const served = engine({ modelsDir: SHARED_MODELS, provider: "cuda" });
    const labels = ["seven", "a", "k", "nine"];
    const clips = labels.map((label) => clip("alphanumeric", label, fs.readdirSync(path.join(AUDIO, "alphanumeric", label))[0]!));
    // Decoded first, so the four requests reach the batcher together.
    const decoded = await Promise.all(clips.map((bytes) => served.decode(bytes)));
    const texts = (await Promise.all(decoded.map((audio) => served.transcribe("moonshine-micro", audio)))).map((t) => t.text);
    expect(texts).toEqual(labels);
    const status = served.status();
    expect(status.requestedProvider).toBe("cuda");
    expect(status.models[0]).toMatchObject({ id: "moonshine-ai/moonshine-micro", state: "ready", provider: "cpu", cpuFallback: true, items: 4 });
    expect(status.models[0]!.batches).toBeLessThan(4);
    expect(status.queueDepth).toBe(0);
  });
});
