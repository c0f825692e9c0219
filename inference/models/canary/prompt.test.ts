import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EngineError, TranscribeError } from "../../errors.js";
import { UnsupportedLanguageError, UnsupportedLanguagePairError } from "./errors.js";
import { buildPrompt, primaryLanguage, PROMPT_LENGTH, resolveTask } from "./prompt.js";
import { optionsOf, references, SHERPA_DIR } from "./test-fixtures.js";
import { CanaryVocab, parseVocab } from "./vocab.js";

const fixtureVocab = parseVocab(readFileSync(join(SHERPA_DIR, "tokens.txt"), "utf8"), "tokens.txt");

/** A vocabulary laid out differently from the fixture's, so lookups must go by name. */
const shuffled = new CanaryVocab(
  [
    "<|nodiarize|>",
    "<|en|>",
    "<|notimestamp|>",
    "<|timestamp|>",
    "<|noitn|>",
    "<|pnc|>",
    "<|nopnc|>",
    "<|es|>",
    "<|de|>",
    "<|fr|>",
    "<|emo:undefined|>",
    "<|startoftranscript|>",
    "<|startofcontext|>",
    "<|endoftext|>",
    "\u2581hello",
  ].map((piece, id) => [piece, id] as const),
);

describe("Canary prompt", () => {
  it("is the 9-token canary-1b-flash prompt, in NeMo's order, without a leading ▁", () => {
    const prompt = buildPrompt({ source: "en", target: "en", punctuation: true, timestamps: false }, fixtureVocab);
    // <|startofcontext|> <|startoftranscript|> <|emo:undefined|> <|en|> <|en|> <|pnc|> <|noitn|> <|notimestamp|> <|nodiarize|>
    expect(prompt).toEqual([7, 4, 16, 21, 21, 5, 9, 11, 13]);
    expect(prompt).toHaveLength(PROMPT_LENGTH);
    expect(prompt).not.toContain(fixtureVocab.idOf("\u2581"));
  });

  it("puts source, target, punctuation and timestamps in their slots", () => {
    const prompt = buildPrompt({ source: "de", target: "en", punctuation: false, timestamps: true }, fixtureVocab);
    expect(prompt.map((id) => fixtureVocab.pieces[id])).toEqual([
      "<|startofcontext|>",
      "<|startoftranscript|>",
      "<|emo:undefined|>",
      "<|de|>",
      "<|en|>",
      "<|nopnc|>",
      "<|noitn|>",
      "<|timestamp|>",
      "<|nodiarize|>",
    ]);
  });

  it("looks tokens up by name, whatever ids the export gave them", () => {
    const prompt = buildPrompt({ source: "fr", target: "en", punctuation: true, timestamps: true }, shuffled);
    expect(prompt).toEqual([12, 11, 10, 9, 1, 5, 4, 3, 0]);
  });

  it("matches the prompt the PyTorch reference fed, for every recorded case", () => {
    for (const c of references.cases) {
      const prompts = Array.isArray(c.prompt[0]) ? (c.prompt as number[][]) : c.items.map(() => c.prompt as number[]);
      c.items.forEach((item, i) => {
        expect(buildPrompt(resolveTask(optionsOf(c, item), fixtureVocab), fixtureVocab), `${c.name} item ${item}`).toEqual(prompts[i]);
      });
    }
  });
});

describe("Canary options", () => {
  it("reads BCP-47 tags and defaults to English transcription with punctuation, no timestamps", () => {
    expect(primaryLanguage("de-DE")).toBe("de");
    expect(primaryLanguage("FR")).toBe("fr");
    expect(primaryLanguage("es_ES")).toBe("es");
    expect(primaryLanguage("auto")).toBeUndefined();
    expect(resolveTask({}, fixtureVocab)).toEqual({ source: "en", target: "en", punctuation: true, timestamps: false });
    expect(resolveTask({ language: "auto" }, fixtureVocab).source).toBe("en");
    expect(resolveTask({ language: "de-AT" }, fixtureVocab)).toMatchObject({ source: "de", target: "de" });
    expect(resolveTask({ language: "de", targetLanguage: "en-GB" }, fixtureVocab)).toMatchObject({ source: "de", target: "en" });
  });

  it("refuses a language canary-1b-flash does not speak, even when its token exists", () => {
    // <|it|> is in the fixture's vocabulary, as in the Canary family's shared special tokens.
    expect(fixtureVocab.idOf("<|it|>")).toBeDefined();
    const error = catchError(() => resolveTask({ language: "it" }, fixtureVocab));
    expect(error).toBeInstanceOf(UnsupportedLanguageError);
    expect(error).toBeInstanceOf(TranscribeError);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: "unsupported_option", language: "it", supported: ["en", "de", "fr", "es"] });
    expect((error as Error).message).toContain("en, de, fr, es");
    expect(catchError(() => resolveTask({ language: "en", targetLanguage: "ja" }, fixtureVocab))).toMatchObject({
      code: "unsupported_option",
      language: "ja",
    });
  });

  it("refuses translation between two non-English languages", () => {
    const error = catchError(() => resolveTask({ language: "de", targetLanguage: "fr" }, fixtureVocab));
    expect(error).toBeInstanceOf(UnsupportedLanguagePairError);
    expect(error).toMatchObject({ code: "unsupported_option", source: "de", target: "fr" });
    expect(resolveTask({ language: "en", targetLanguage: "es" }, fixtureVocab)).toMatchObject({ source: "en", target: "es" });
  });

  it("refuses timestamps when the model has no timestamp tokens", () => {
    const noTimestamps = new CanaryVocab(shuffled.pieces.filter((p) => p !== "<|timestamp|>").map((p, i) => [p, i] as const));
    expect(catchError(() => resolveTask({ timestamps: true }, noTimestamps))).toMatchObject({ code: "unsupported_option" });
    expect(resolveTask({ timestamps: false }, noTimestamps).timestamps).toBe(false);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
