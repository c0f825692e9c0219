import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { featuredModels, findModel, getModel, listModels, newestModels, relatedModels } from "./index";
import { deriveStatus, pricingFor, upstreamConfigured, weightsPresent } from "./status";
import { formatPrice, priceNote } from "./format";
import type { CatalogModel } from "./types";

let modelsDir: string;

beforeEach(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-status-"));
});

afterEach(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

function put(relative: string, contents = "weights"): void {
  const file = path.join(modelsDir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, contents);
}

function model(id: string): CatalogModel {
  const found = findModel(id);
  if (!found) throw new Error(`${id} missing`);
  return found;
}

describe("status derivation", () => {
  it("is coming soon when the weights folder is empty or missing", () => {
    expect(deriveStatus(model("moonshine-micro"), modelsDir)).toBe("coming_soon");
    fs.mkdirSync(path.join(modelsDir, "moonshine-micro"));
    put("moonshine-micro/README.md");
    expect(deriveStatus(model("moonshine-micro"), modelsDir)).toBe("coming_soon");
  });

  it("turns live the moment the runner's weights file appears", () => {
    put("moonshine-micro/spelling_cnn_mel.shrunk.onnx");
    expect(deriveStatus(model("moonshine-micro"), modelsDir)).toBe("live");
  });

  it("does not count a directory with the weights file's name", () => {
    fs.mkdirSync(path.join(modelsDir, "moonshine-micro", "spelling_cnn_mel.shrunk.onnx"), { recursive: true });
    expect(weightsPresent(model("moonshine-micro"), modelsDir)).toBe(false);
  });

  it("needs a complete layout for multi-file runners", () => {
    put("canary-180m-flash/encoder-model.onnx");
    expect(deriveStatus(model("canary-180m-flash"), modelsDir)).toBe("coming_soon");
    put("canary-180m-flash/decoder-model.onnx");
    put("canary-180m-flash/vocab.txt");
    expect(deriveStatus(model("canary-180m-flash"), modelsDir)).toBe("live");
  });

  it("finds a Nemotron export unpacked flat or in per-chunk-size folders", () => {
    const nemotron = model("nvidia/nemotron-asr-multilingual");
    const dir = nemotron.serving.weightsDir ?? "";
    put(`${dir}/560ms/encoder.onnx`);
    put(`${dir}/decoder.onnx`);
    put(`${dir}/joiner.onnx`);
    expect(deriveStatus(nemotron, modelsDir)).toBe("coming_soon");
    put(`${dir}/tokens.txt`);
    expect(deriveStatus(nemotron, modelsDir)).toBe("live");
  });

  it("never makes a model without a runner live, whatever is on disk", () => {
    put("whisper-large-v3/spelling_cnn_mel.shrunk.onnx");
    put("whisper-large-v3/encoder.onnx");
    expect(deriveStatus(model("whisper-large-v3"), modelsDir)).toBe("coming_soon");
  });

  it("finds the bundled moonshine-micro weights in the shared models folder", () => {
    const shared = path.resolve(process.cwd(), "../shared/models");
    if (!fs.existsSync(shared)) return;
    expect(deriveStatus(model("moonshine-micro"), shared)).toBe("live");
  });
});

describe("the catalog door", () => {
  it("lists every model with a derived status, estimated prices for models not live", async () => {
    put("moonshine-micro/spelling_cnn_mel.shrunk.onnx");
    const views = await listModels({ modelsDir });
    const live = views.filter((v) => v.status === "live").map((v) => v.id);
    expect(live).toEqual(["moonshine-ai/moonshine-micro"]);
    for (const v of views) expect(v.pricing.estimated, v.id).toBe(v.status !== "live");
  });

  it("shows even a set price as estimated while its model cannot be served", async () => {
    const micro = await getModel("moonshine-micro", { modelsDir });
    expect(micro?.status).toBe("coming_soon");
    expect(micro?.pricing).toEqual({ perMinuteMicroUsd: 1000, estimated: true });
  });

  it("finds a model by id or short name, in any case, and nothing else", async () => {
    expect((await getModel("nvidia/canary-1b-flash", { modelsDir }))?.id).toBe("nvidia/canary-1b-flash");
    expect((await getModel("Canary-1B-Flash", { modelsDir }))?.id).toBe("nvidia/canary-1b-flash");
    expect((await getModel("  kyutai/STT-2.6B-EN ", { modelsDir }))?.id).toBe("kyutai/stt-2.6b-en");
    expect(await getModel("nvidia/does-not-exist", { modelsDir })).toBeNull();
    expect(await getModel("", { modelsDir })).toBeNull();
  });

  it("returns related models in the model's own order", async () => {
    const canary = await getModel("canary-1b-flash", { modelsDir });
    const related = await relatedModels(canary!, { modelsDir });
    expect(related.map((m) => m.id)).toEqual(canary!.related);
    expect(related.every((m) => m.status === "coming_soon" || m.status === "live")).toBe(true);
  });

  it("puts live featured models first", async () => {
    put("moonshine-micro/spelling_cnn_mel.shrunk.onnx");
    const featured = await featuredModels({ modelsDir });
    expect(featured[0]?.id).toBe("moonshine-ai/moonshine-micro");
    expect(featured.map((m) => m.id)).toEqual(
      expect.arrayContaining(["nvidia/canary-1b-flash", "nvidia/nemotron-asr-multilingual", "kyutai/stt-2.6b-en"]),
    );
  });

  it("returns the n newest models, newest first", async () => {
    const newest = await newestModels(3, { modelsDir });
    expect(newest.map((m) => m.id)).toEqual([
      "moonshine-ai/moonshine-micro",
      "nvidia/nemotron-asr-multilingual",
      "nvidia/canary-1b-v2",
    ]);
    expect(await newestModels(-2, { modelsDir })).toEqual([]);
  });
});

describe("models served by an upstream server", () => {
  it("makes Kyutai live exactly when a moshi-server URL is configured, whatever is on disk", () => {
    const kyutai = model("kyutai/stt-2.6b-en");
    put("stt-2.6b-en/model.safetensors");
    expect(deriveStatus(kyutai, modelsDir, undefined, {})).toBe("coming_soon");
    expect(deriveStatus(kyutai, modelsDir, undefined, { kyutaiUrl: "ws://127.0.0.1:8080" })).toBe("live");
    // The URL makes no other model live.
    expect(deriveStatus(model("whisper-large-v3"), modelsDir, undefined, { kyutaiUrl: "ws://127.0.0.1:8080" })).toBe("coming_soon");
  });
});

describe("price shown for a model turned live by an upstream (Kyutai and KYUTAI_URL)", () => {
  const kyutai = model("kyutai/stt-2.6b-en");

  it("is the launch price as a real price once KYUTAI_URL makes it live", () => {
    expect(upstreamConfigured(kyutai, { kyutaiUrl: "ws://127.0.0.1:9/" })).toBe(true);
    const status = deriveStatus(kyutai, modelsDir, path.join(modelsDir, "registry.json"), { kyutaiUrl: "ws://127.0.0.1:9/" });
    expect(status).toBe("live");
    const pricing = pricingFor(kyutai.pricing, status);
    expect(formatPrice(pricing)).toBe("$0.0034");
    expect(priceNote(pricing)).toBeNull();
  });

  it("stays an estimate, set at launch, while it is coming soon", () => {
    const status = deriveStatus(kyutai, modelsDir, path.join(modelsDir, "registry.json"), {});
    expect(status).toBe("coming_soon");
    const pricing = pricingFor(kyutai.pricing, status);
    expect(formatPrice(pricing)).toBe("~$0.0034");
    expect(priceNote(pricing)).toBe("estimated, set at launch");
  });
});
