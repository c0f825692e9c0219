import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listModels } from "./index";
import { meanWer } from "./metrics";
import {
  compareUrl,
  modelsUrl,
  parseCompare,
  parseModelQuery,
  queryModels,
  serializeQuery,
} from "./query";
import type { ModelView } from "./types";

let modelsDir: string;
let models: ModelView[];

beforeAll(async () => {
  // A models folder where only moonshine-micro's weights exist, so exactly one model is live.
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-query-"));
  fs.mkdirSync(path.join(modelsDir, "moonshine-micro"));
  fs.writeFileSync(path.join(modelsDir, "moonshine-micro", "spelling_cnn_mel.shrunk.onnx"), "onnx");
  models = await listModels({ modelsDir });
});

afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

const ids = (list: ModelView[]) => list.map((m) => m.id);
const run = (qs: string) => queryModels(models, parseModelQuery(new URLSearchParams(qs)));

describe("parseModelQuery", () => {
  it("reads every filter from a URL", () => {
    expect(
      parseModelQuery(
        new URLSearchParams(
          "q=canary&task=translation&language=de-DE&streaming=false&timestamps=word&license=CC-BY-4.0&status=coming_soon&sort=wer&dir=desc",
        ),
      ),
    ).toEqual({
      q: "canary",
      task: "translation",
      language: "de",
      streaming: false,
      timestamps: "word",
      license: "cc-by-4.0",
      status: "coming_soon",
      sort: "wer",
      dir: "desc",
    });
  });

  it("ignores bad values instead of failing the page", () => {
    expect(
      parseModelQuery({ task: "dance", sort: "random", status: "maybe", streaming: "perhaps", language: "<script>", dir: "up" }),
    ).toEqual({});
  });

  it("accepts Next's searchParams shape and takes the first of repeated values", () => {
    expect(parseModelQuery({ task: ["transcription", "translation"], q: undefined })).toEqual({ task: "transcription" });
    expect(parseModelQuery(null)).toEqual({});
  });

  it("clamps an over-long search and drops a blank one", () => {
    expect(parseModelQuery({ q: "x".repeat(500) }).q).toHaveLength(100);
    expect(parseModelQuery({ q: "   " }).q).toBeUndefined();
  });

  it("treats yes-like timestamp values as 'any'", () => {
    expect(parseModelQuery({ timestamps: "1" }).timestamps).toBe("any");
  });
});

describe("queryModels filters", () => {
  it("by task", () => {
    expect(ids(run("task=translation")).sort()).toEqual([
      "nvidia/canary-180m-flash",
      "nvidia/canary-1b-flash",
      "nvidia/canary-1b-v2",
      "openai/whisper-large-v3",
    ]);
  });

  it("by language, matching locales by their language", () => {
    const german = ids(run("language=de"));
    expect(german).toContain("nvidia/nemotron-asr-multilingual");
    expect(german).toContain("nvidia/canary-1b-flash");
    expect(german).not.toContain("kyutai/stt-2.6b-en");
  });

  it("by streaming", () => {
    expect(ids(run("streaming=true")).sort()).toEqual(["kyutai/stt-2.6b-en", "nvidia/nemotron-asr-multilingual"]);
    expect(ids(run("streaming=false"))).not.toContain("kyutai/stt-2.6b-en");
  });

  it("by timestamps", () => {
    const word = ids(run("timestamps=word"));
    expect(word).toContain("kyutai/stt-2.6b-en");
    expect(word).not.toContain("nvidia/nemotron-asr-multilingual");
    expect(ids(run("timestamps=any"))).not.toContain("moonshine-ai/moonshine-micro");
  });

  it("by license id, or any commercial license", () => {
    expect(ids(run("license=mit")).sort()).toEqual([
      "UsefulSensors/moonshine-base",
      "moonshine-ai/moonshine-micro",
      "openai/whisper-large-v3-turbo",
    ]);
    expect(run("license=commercial")).toHaveLength(models.length);
  });

  it("by derived status", () => {
    expect(ids(run("status=live"))).toEqual(["moonshine-ai/moonshine-micro"]);
    expect(ids(run("status=coming_soon"))).not.toContain("moonshine-ai/moonshine-micro");
  });

  it("combines filters", () => {
    expect(ids(run("task=translation&language=it"))).toEqual(["openai/whisper-large-v3", "nvidia/canary-1b-v2"]);
  });
});

describe("queryModels search", () => {
  it("matches name, id and organisation, case-insensitively, all words required", () => {
    expect(ids(run("q=KYUTAI"))).toEqual(["kyutai/stt-2.6b-en"]);
    expect(ids(run("q=canary flash")).sort()).toEqual(["nvidia/canary-180m-flash", "nvidia/canary-1b-flash"]);
    expect(run("q=nvidia").every((m) => m.orgName === "NVIDIA")).toBe(true);
    expect(run("q=zzzz-no-such-model")).toEqual([]);
  });

  it("puts name matches ahead of summary-only matches", () => {
    // Nemotron has "Streaming" in its name; Kyutai only says "streaming" in its summary.
    const results = ids(run("q=streaming"));
    expect(results).toEqual(["nvidia/nemotron-asr-multilingual", "kyutai/stt-2.6b-en"]);
  });
});

describe("queryModels sorts", () => {
  it("by price, cheapest first, the live model's set price leading", () => {
    expect(run("sort=price")[0]?.id).toBe("moonshine-ai/moonshine-micro");
    expect(run("sort=price&dir=desc").at(-1)?.id).toBe("moonshine-ai/moonshine-micro");
  });

  it("by mean leaderboard WER, lowest first, models without a leaderboard table last", () => {
    const sorted = run("sort=wer");
    expect(sorted[0]?.id).toBe("nvidia/parakeet-tdt-0.6b-v2");
    const withWer = sorted.filter((m) => meanWer(m) !== undefined);
    expect(withWer.map((m) => meanWer(m))).toEqual([...withWer.map((m) => meanWer(m)!)].sort((a, b) => a - b));
    expect(ids(sorted.slice(withWer.length)).sort()).toEqual([
      "moonshine-ai/moonshine-micro",
      "nvidia/nemotron-asr-multilingual",
    ]);
    // Descending flips the numbers but still leaves the unknowns at the end.
    const desc = run("sort=wer&dir=desc");
    expect(desc[0]?.id).toBe("UsefulSensors/moonshine-base");
    expect(ids(desc.slice(withWer.length)).sort()).toEqual(ids(sorted.slice(withWer.length)).sort());
  });

  it("by speed, fastest RTFx first", () => {
    expect(run("sort=speed")[0]?.id).toBe("nvidia/parakeet-tdt-0.6b-v2");
  });

  it("by newest publication date", () => {
    expect(ids(run("sort=newest").slice(0, 2))).toEqual(["moonshine-ai/moonshine-micro", "nvidia/nemotron-asr-multilingual"]);
    expect(run("sort=newest&dir=asc")[0]?.id).toBe("openai/whisper-large-v3");
  });

  it("by popularity (downloads), models without a count last", () => {
    expect(run("sort=popular")[0]?.id).toBe("nvidia/canary-1b-flash");
  });

  it("leaves the catalog order alone without a sort", () => {
    expect(ids(run(""))).toEqual(ids(models));
  });
});

describe("shareable URLs", () => {
  it("round-trip through serializeQuery", () => {
    const query = parseModelQuery({ q: "canary flash", task: "translation", streaming: "false", sort: "wer", dir: "desc" });
    const again = parseModelQuery(new URLSearchParams(serializeQuery(query)));
    expect(again).toEqual(query);
  });

  it("are canonical: fixed key order, default direction left out", () => {
    expect(serializeQuery(parseModelQuery({ sort: "price", dir: "asc", task: "transcription" }))).toBe(
      "task=transcription&sort=price",
    );
    expect(modelsUrl({})).toBe("/models");
    expect(modelsUrl({ status: "live" })).toBe("/models?status=live");
  });
});

describe("parseCompare", () => {
  it("keeps known models by id or short name, canonical ids, in order", () => {
    expect(parseCompare("canary-1b-flash,KYUTAI/STT-2.6B-EN")).toEqual(["nvidia/canary-1b-flash", "kyutai/stt-2.6b-en"]);
  });

  it("drops unknown ids, blanks and duplicates", () => {
    expect(parseCompare("nope/x,,canary-1b-flash, nvidia/canary-1b-flash ")).toEqual(["nvidia/canary-1b-flash"]);
    expect(parseCompare(undefined)).toEqual([]);
  });

  it("stops at four models, and accepts repeated params", () => {
    const five = "canary-1b-flash,stt-2.6b-en,moonshine-micro,whisper-large-v3,canary-1b-v2";
    expect(parseCompare(five)).toHaveLength(4);
    expect(parseCompare(["canary-1b-flash", "moonshine-micro"])).toEqual([
      "nvidia/canary-1b-flash",
      "moonshine-ai/moonshine-micro",
    ]);
  });

  it("builds the compare URL back", () => {
    expect(compareUrl(["nvidia/canary-1b-flash", "kyutai/stt-2.6b-en"])).toBe(
      "/compare?models=nvidia/canary-1b-flash,kyutai/stt-2.6b-en",
    );
    expect(compareUrl([])).toBe("/compare");
  });
});
