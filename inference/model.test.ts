/**
 * Loading models: the bundled read-only folder by its file names, manifests (file, or passed in),
 * every way a model directory can be wrong, the provider that really runs, and dispose.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownDecoders } from "./audio/decode.js";
import { ModelLoadError } from "./errors.js";
import { loadModel, MANIFEST_FILE, runnerKinds } from "./index.js";
import { createSession } from "./runtime/onnx.js";
import { fixture, makeTempDir, MOONSHINE_DIR, type TempDir } from "./testing/fixtures.js";

const MODEL_FILE = "spelling_cnn_mel.shrunk.onnx";
const META_FILE = "spelling_cnn_mel_meta.json";
const SEVEN = fixture("alphanumeric", "seven", "petewarden_nohash_0.wav");

let tmp: TempDir;

/** A model directory of symlinks to the shared files under other names, plus the given manifest. */
function modelDir(name: string, manifest: unknown | undefined): string {
  const dir = tmp.file(name);
  mkdirSync(dir);
  symlinkSync(join(MOONSHINE_DIR, MODEL_FILE), join(dir, "classifier.onnx"));
  symlinkSync(join(MOONSHINE_DIR, META_FILE), join(dir, "classes.json"));
  if (manifest !== undefined) {
    writeFileSync(join(dir, MANIFEST_FILE), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  }
  return dir;
}

const goodManifest = { runner: "moonshine-micro", files: { model: "classifier.onnx", meta: "classes.json" } };

async function loadError(dir: string, options?: Parameters<typeof loadModel>[1]): Promise<ModelLoadError> {
  const error = await loadModel(dir, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelLoadError);
  return error as ModelLoadError;
}

beforeAll(() => {
  tmp = makeTempDir("models");
});

afterAll(async () => {
  tmp?.remove();
  await shutdownDecoders();
});

describe("loadModel", () => {
  it("recognises the bundled read-only moonshine-micro folder by its file names and transcribes", async () => {
    const model = await loadModel(MOONSHINE_DIR);
    expect(model.manifest.runner).toBe("moonshine-micro");
    expect(model.capabilities).toMatchObject({ task: "classification", languages: ["en"], translation: false });
    expect(model.capabilities.labels).toHaveLength(51);
    const t = await model.transcribe(readFileSync(SEVEN), { timestamps: true });
    expect(t).toMatchObject({ text: "seven", durationSeconds: 1, provider: "cpu", language: "en" });
    expect(t.words).toEqual([{ text: "seven", start: 0, end: 1 }]);
    await model.dispose();
  });

  it("reads gigarouter.json from a model directory", async () => {
    const model = await loadModel(modelDir("with-manifest", goodManifest));
    expect(model.manifest.files.model).toBe("classifier.onnx");
    expect((await model.transcribe(readFileSync(SEVEN))).text).toBe("seven");
    await model.dispose();
  });

  it("accepts a manifest from the caller for a folder it cannot write to", async () => {
    const dir = modelDir("caller-manifest", undefined);
    const model = await loadModel(dir, { manifest: goodManifest });
    expect((await model.transcribe(readFileSync(SEVEN))).text).toBe("seven");
    await model.dispose();
  });

  it("asking for CUDA on a machine without it runs on CPU and says so", async () => {
    const model = await loadModel(MOONSHINE_DIR, { provider: "cuda" });
    expect(model.provider).toBe("cpu");
    const t = await model.transcribe(readFileSync(SEVEN));
    expect(t).toMatchObject({ text: "seven", provider: "cpu" });
    await model.dispose();
    const session = await createSession(join(MOONSHINE_DIR, MODEL_FILE), { provider: "cuda" });
    expect(session.provider).toBe("cpu");
    await session.dispose();
  });

  it("lists the runners it knows", () => {
    expect(runnerKinds()).toContain("moonshine-micro");
  });

  it.each([
    ["a directory that does not exist", () => tmp.file("nope"), "not_found"],
    ["an empty directory (no manifest, no known layout)", () => (mkdirSync(tmp.file("empty")), tmp.file("empty")), "unrecognised_layout"],
    ["a manifest that is not JSON", () => modelDir("bad-json", "{runner:"), "invalid_manifest"],
    ["a manifest without a runner", () => modelDir("no-runner", { files: {} }), "invalid_manifest"],
    ["an unknown runner", () => modelDir("unknown", { runner: "whisper-xl", files: {} }), "unknown_runner"],
    [
      "a file the directory does not have",
      () => modelDir("missing", { runner: "moonshine-micro", files: { model: "absent.onnx", meta: "classes.json" } }),
      "not_found",
    ],
    [
      "a file name leaving the model directory",
      () => modelDir("escape", { runner: "moonshine-micro", files: { model: "../../etc/passwd", meta: "classes.json" } }),
      "invalid_manifest",
    ],
    [
      "a manifest without the role the runner needs",
      () => modelDir("no-meta", { runner: "moonshine-micro", files: { model: "classifier.onnx" } }),
      "invalid_manifest",
    ],
    [
      "class metadata of another front end",
      () => {
        const dir = modelDir("other-frontend", { runner: "moonshine-micro", files: { model: "classifier.onnx", meta: "meta2.json" } });
        const meta = JSON.parse(readFileSync(join(MOONSHINE_DIR, META_FILE), "utf8")) as Record<string, unknown>;
        writeFileSync(join(dir, "meta2.json"), JSON.stringify({ ...meta, n_mels: 80 }));
        return dir;
      },
      "invalid_manifest",
    ],
    [
      "a model file that is not ONNX",
      () => {
        const dir = modelDir("not-onnx", { runner: "moonshine-micro", files: { model: "junk.onnx", meta: "classes.json" } });
        writeFileSync(join(dir, "junk.onnx"), "this is not a model");
        return dir;
      },
      "load_failed",
    ],
  ])("%s -> ModelLoadError %s", async (_label, makeDir, code) => {
    expect((await loadError(makeDir())).code).toBe(code);
  });

  it("a disposed model refuses further work", async () => {
    const model = await loadModel(MOONSHINE_DIR);
    await model.dispose();
    await model.dispose(); // idempotent
    await expect(model.transcribe(readFileSync(SEVEN))).rejects.toMatchObject({ code: "disposed" });
  });
});
