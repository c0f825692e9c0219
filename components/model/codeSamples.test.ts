import { describe, expect, it } from "vitest";
import { codeSamples } from "./codeSamples";

const batch = { id: "nvidia/canary-1b-flash", capabilities: { timestamps: [] as ("word" | "segment")[] } };
const withWords = { id: "kyutai/stt-2.6b-en", capabilities: { timestamps: ["word" as const] } };

function sample(label: string, model: Parameters<typeof codeSamples>[0], base = "https://giga.example") {
  const found = codeSamples(model, base).find((s) => s.label === label);
  if (!found) throw new Error(`no ${label} sample`);
  return found.code;
}

describe("codeSamples", () => {
  it("points the OpenAI JS client at <origin>/v1 and names the model by id", () => {
    const js = sample("JavaScript", batch);
    expect(js).toContain('baseURL: "https://giga.example/v1"');
    expect(js).toContain("client.audio.transcriptions.create(");
    expect(js).toContain('model: "nvidia/canary-1b-flash"');
    expect(js).not.toContain("timestamp_granularities");
  });

  it("does not double the slash when the origin ends with one", () => {
    expect(sample("curl", batch, "http://localhost:3000/")).toContain("curl http://localhost:3000/v1/audio/transcriptions");
  });

  it("asks for word timestamps only from models that publish them, in every language", () => {
    expect(sample("JavaScript", withWords)).toContain('timestamp_granularities: ["word"]');
    expect(sample("Python", withWords)).toContain('timestamp_granularities=["word"]');
    expect(sample("curl", withWords)).toContain("timestamp_granularities[]=word");
  });

  it("gives a curl call that authenticates with a bearer key and uploads a file", () => {
    const curl = sample("curl", batch);
    expect(curl).toContain('-H "Authorization: Bearer $GIGAROUTER_API_KEY"');
    expect(curl).toContain('-F file="@speech.wav"');
    expect(curl).toContain('-F model="nvidia/canary-1b-flash"');
  });
});
