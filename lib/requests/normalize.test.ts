import { describe, expect, it } from "vitest";
import { ModelReferenceError, parseModelReference, referenceUrl } from "./normalize";

describe("parseModelReference", () => {
  it.each([
    ["openai/whisper-large-v3", "openai/whisper-large-v3", null],
    ["  OpenAI/Whisper-Large-V3/ ", "OpenAI/Whisper-Large-V3", null],
    ["https://huggingface.co/openai/whisper-large-v3", "openai/whisper-large-v3", "huggingface"],
    ["HTTPS://www.HuggingFace.co/openai/whisper-large-v3/tree/main/", "openai/whisper-large-v3", "huggingface"],
    ["huggingface.co/openai/whisper-large-v3?library=transformers", "openai/whisper-large-v3", "huggingface"],
    ["https://hf.co/openai/whisper-large-v3#model-details", "openai/whisper-large-v3", "huggingface"],
    ["https://huggingface.co/models/openai/whisper-large-v3", "openai/whisper-large-v3", "huggingface"],
    ["https://github.com/k2-fsa/sherpa-onnx.git", "k2-fsa/sherpa-onnx", "github"],
    ["github.com/k2-fsa/sherpa-onnx/blob/master/README.md", "k2-fsa/sherpa-onnx", "github"],
  ])("reads %j as %s", (input, display, source) => {
    expect(parseModelReference(input)).toEqual({ key: display.toLowerCase(), display, source });
  });

  it("gives every spelling of one model the same key", () => {
    const keys = new Set(
      ["openai/whisper-large-v3", "OPENAI/whisper-large-v3//", "https://huggingface.co/OpenAI/Whisper-Large-V3/"].map(
        (s) => parseModelReference(s).key,
      ),
    );
    expect([...keys]).toEqual(["openai/whisper-large-v3"]);
  });

  it.each([
    ["whisper", /org\/name/],
    ["a/b/c", /org\/name/],
    ["org/na me", /not a valid name/],
    ["org/-dash-first", /not a valid name/],
    [`org/${"x".repeat(97)}`, /not a valid name/],
    ["https://example.com/org/model", /huggingface\.co or github\.com/],
    ["https://huggingface.co/datasets/mozilla/common-voice", /dataset, not a model/],
    ["https://huggingface.co/spaces/org/demo", /space, not a model/],
    ["https://huggingface.co/openai", /organisation and the model name/],
    ["https://huggingface.co:99999/x/y", /valid URL/],
  ])("refuses %j", (input, message) => {
    expect(() => parseModelReference(input)).toThrow(ModelReferenceError);
    expect(() => parseModelReference(input)).toThrow(message);
  });
});

describe("referenceUrl", () => {
  it("links GitHub references to GitHub and everything else to Hugging Face", () => {
    expect(referenceUrl({ display: "k2-fsa/sherpa-onnx", source: "github" })).toBe("https://github.com/k2-fsa/sherpa-onnx");
    expect(referenceUrl({ display: "openai/whisper-tiny", source: null })).toBe("https://huggingface.co/openai/whisper-tiny");
  });
});
