import { describe, expect, it } from "vitest";
import { catalog } from "@/lib/catalog/models";
import { findModel } from "@/lib/catalog";
import { ACCELERATIONS, fieldDocs, inputSchemaFor, languagesFor, outputSchemaFor, SEED_LOCALES } from "./schema";
import { fromZodIssues } from "./errors";
import { modelCandidates, parseQueuePath, parseRunPath } from "./paths";
import { sampleInput } from "./samples";

const nemotron = findModel("nvidia/nemotron-asr-multilingual")!;
const moonshine = findModel("moonshine-ai/moonshine-micro")!;

describe("input schema", () => {
  it("is the seed's for its model: audio_url required, language auto + 40 locales, acceleration none..full", () => {
    const docs = fieldDocs(inputSchemaFor(nemotron), "input");
    expect(docs.map((f) => [f.name, f.required, f.default])).toEqual([
      ["audio_url", true, undefined],
      ["language", false, "auto"],
      ["acceleration", false, "regular"],
    ]);
    expect(docs[1]!.enum).toEqual(["auto", ...SEED_LOCALES]);
    expect(docs[1]!.enum).toHaveLength(41);
    expect(docs[2]!.enum).toEqual([...ACCELERATIONS]);
    expect(docs[2]!.description).toContain("'full' = fastest (0.08s chunks)");
    // The catalog's Nemotron locales are the seed's list: drift between the two would show here.
    expect(nemotron.languages).toEqual([...SEED_LOCALES]);
  });

  it("lists, for other models, the seed locales they cover and their own codes", () => {
    expect(languagesFor(moonshine)).toEqual(["auto", "en-US", "en-GB", "en"]);
    expect(languagesFor(findModel("nvidia/canary-1b-flash")!)).toEqual(["auto", "en-US", "en-GB", "es-US", "es-ES", "de-DE", "fr-FR", "fr-CA", "en", "de", "fr", "es"]);
    for (const model of catalog) expect(languagesFor(model)[0]).toBe("auto");
  });

  it("fills the defaults and names every wrong field the way FastAPI does", () => {
    expect(inputSchemaFor(moonshine).parse({ audio_url: " https://example.com/a.wav " })).toEqual({
      audio_url: "https://example.com/a.wav",
      language: "auto",
      acceleration: "regular",
    });
    const result = inputSchemaFor(moonshine).safeParse({ language: "de-DE", acceleration: "max", audio_url: undefined }, { reportInput: true });
    expect(result.success).toBe(false);
    const error = fromZodIssues(result.error!);
    expect(error.status).toBe(422);
    expect(error.issues.map((i) => [i.loc.join("."), i.type])).toEqual([
      ["body.audio_url", "missing"],
      ["body.language", "enum"],
      ["body.acceleration", "enum"],
    ]);
  });

  it("documents timestamps in the output only for models that have them", () => {
    expect(fieldDocs(outputSchemaFor(moonshine), "output").map((f) => f.name)).toEqual(["output", "partial"]);
    const canary = fieldDocs(outputSchemaFor(findModel("nvidia/canary-1b-flash")!), "output").map((f) => f.name);
    expect(canary).toEqual(["output", "partial", "chunks", "words"]);
  });

  it("gives the code samples the server's own defaults", () => {
    expect(sampleInput(nemotron, "https://example.com/a.mp3")).toEqual({ audio_url: "https://example.com/a.mp3", language: "auto", acceleration: "regular" });
  });
});

describe("paths", () => {
  it("reads fal's queue paths with slashed model ids and sub-endpoints", () => {
    expect(parseQueuePath("POST", ["nvidia", "nemotron-asr-multilingual", "asr"])).toEqual({ kind: "submit", model: ["nvidia", "nemotron-asr-multilingual", "asr"] });
    expect(parseQueuePath("GET", ["nvidia", "nemotron-asr-multilingual", "requests", "abc", "status"])).toEqual({
      kind: "status",
      model: ["nvidia", "nemotron-asr-multilingual"],
      requestId: "abc",
    });
    expect(parseQueuePath("GET", ["o", "m", "requests", "abc", "status", "stream"])?.kind).toBe("status_stream");
    expect(parseQueuePath("GET", ["o", "m", "requests", "abc"])?.kind).toBe("result");
    expect(parseQueuePath("PUT", ["o", "m", "requests", "abc", "cancel"])?.kind).toBe("cancel");
    expect(parseQueuePath("GET", ["o", "m", "requests", "abc", "cancel"])).toBeNull();
    expect(parseQueuePath("POST", ["o", "m", "requests", "abc"])).toBeNull();
    expect(parseQueuePath("GET", ["requests", "abc"])).toBeNull();
  });

  it("reads run and stream paths", () => {
    expect(parseRunPath(["o", "m"])).toEqual({ model: ["o", "m"], stream: false });
    expect(parseRunPath(["o", "m", "asr", "stream"])).toEqual({ model: ["o", "m", "asr"], stream: true });
    expect(parseRunPath([])).toBeNull();
  });

  it("tries org/name before a short name", () => {
    expect(modelCandidates(["moonshine-ai", "moonshine-micro", "asr"])).toEqual([
      { id: "moonshine-ai/moonshine-micro", subpath: "asr" },
      { id: "moonshine-ai", subpath: "moonshine-micro/asr" },
    ]);
    expect(modelCandidates(["moonshine-micro"])).toEqual([{ id: "moonshine-micro", subpath: "" }]);
  });
});
