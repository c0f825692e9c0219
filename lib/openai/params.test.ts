import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseAudioRequest } from "./params";

const limits = { maxAudioBytes: 1024 };
const audio = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]); // "RIFF..."

function multipart(fields: Record<string, string | Blob | string[]>): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return new Request("http://localhost/v1/audio/transcriptions", { method: "POST", body: form });
}

function json(body: unknown): Request {
  return new Request("http://localhost/v1/audio/transcriptions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function refusal(request: Request, task: "transcribe" | "translate" = "transcribe") {
  const error = await parseAudioRequest(request, task, limits).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  const { status, param, code } = error as AppError;
  return { status, param, code };
}

describe("multipart requests", () => {
  it("reads OpenAI's fields, with defaults for the optional ones", async () => {
    const parsed = await parseAudioRequest(multipart({ file: new Blob([audio]), model: " moonshine-micro " }), "transcribe", limits);
    expect(parsed).toEqual({
      task: "transcribe",
      model: "moonshine-micro",
      audio,
      responseFormat: "json",
      temperature: 0,
      granularities: [],
      stream: false,
    });
  });

  it("reads repeated `timestamp_granularities[]`, strings for numbers and booleans", async () => {
    const parsed = await parseAudioRequest(
      multipart({
        file: new Blob([audio]),
        model: "m",
        response_format: "verbose_json",
        "timestamp_granularities[]": ["word", "segment", "word"],
        temperature: "0.4",
        language: "de",
        prompt: "Names: Kenobi",
      }),
      "transcribe",
      limits,
    );
    expect(parsed).toMatchObject({ granularities: ["word", "segment"], temperature: 0.4, language: "de", prompt: "Names: Kenobi" });
  });

  it("defaults translations to English as the target", async () => {
    const parsed = await parseAudioRequest(multipart({ file: new Blob([audio]), model: "m", language: "fr" }), "translate", limits);
    expect(parsed).toMatchObject({ task: "translate", language: "fr", targetLanguage: "en" });
  });

  it("refuses streaming with formats other than json and text, and on translations", async () => {
    expect(await refusal(multipart({ file: new Blob([audio]), model: "m", stream: "true", response_format: "srt" }))).toMatchObject({
      status: 400,
      param: "stream",
    });
    expect(await refusal(multipart({ file: new Blob([audio]), model: "m", stream: "true" }), "translate")).toMatchObject({ param: "stream" });
  });

  it("refuses target_language on transcriptions", async () => {
    expect(await refusal(multipart({ file: new Blob([audio]), model: "m", target_language: "de" }))).toMatchObject({
      status: 400,
      param: "target_language",
    });
  });

  it("refuses two files", async () => {
    expect(await refusal(multipart({ file: [new Blob([audio]), new Blob([audio])] as unknown as string[], model: "m" }))).toMatchObject({
      status: 400,
      param: "file",
    });
  });
});

describe("JSON requests", () => {
  const dataUri = `data:audio/wav;base64,${Buffer.from(audio).toString("base64")}`;

  it("take the audio from a base64 data URI in audio_url or file", async () => {
    expect((await parseAudioRequest(json({ model: "m", audio_url: dataUri }), "transcribe", limits)).audio).toEqual(audio);
    expect((await parseAudioRequest(json({ model: "m", file: dataUri, stream: true }), "transcribe", limits)).stream).toBe(true);
    expect(
      (await parseAudioRequest(json({ model: "m", audio_url: dataUri, timestamp_granularities: ["word"], response_format: "verbose_json" }), "transcribe", limits))
        .granularities,
    ).toEqual(["word"]);
  });

  it.each([
    ["text that is not base64", { audio_url: "data:audio/wav;base64,@@@" }, "audio_url", 400],
    ["a URI that is not base64-encoded", { audio_url: "data:audio/wav,RIFF" }, "audio_url", 400],
    ["a URL on a private address", { audio_url: "http://127.0.0.1/a.wav" }, "audio_url", 422],
    ["a URL of another scheme", { audio_url: "ftp://example.com/a.wav" }, "audio_url", 400],
    ["a number as stream", { audio_url: "data:audio/wav;base64,UklGRg==", stream: 1 }, "stream", 400],
    ["a string temperature", { audio_url: "data:audio/wav;base64,UklGRg==", temperature: "warm" }, "temperature", 400],
    ["both file and audio_url", { audio_url: "data:audio/wav;base64,UklGRg==", file: "data:audio/wav;base64,UklGRg==" }, "audio_url", 400],
    ["no audio", {}, "file", 400],
  ])("refuse %s", async (_what, body, param, status) => {
    expect(await refusal(json({ model: "m", ...body }))).toMatchObject({ status, param });
  });

  it("refuse a body that is not an object", async () => {
    expect(await refusal(json(["m"]))).toMatchObject({ status: 400, code: "invalid_json" });
    const broken = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(await refusal(broken)).toMatchObject({ status: 400, code: "invalid_json" });
  });
});

describe("size limits", () => {
  it("refuse audio over the limit with 413", async () => {
    expect(await refusal(multipart({ file: new Blob([new Uint8Array(2048)]), model: "m" }))).toMatchObject({ status: 413, param: "file" });
  });

  it("refuse a chunked body (no Content-Length) as soon as it passes the cap", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request("http://localhost/x", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(await refusal(request)).toMatchObject({ status: 413 });
    // It stopped reading within a few chunks of the drain ceiling, not at the end of an endless body.
    expect(sent).toBeLessThan(16 * (limits.maxAudioBytes + (1 << 20)));
  });

  it("refuse an empty file with 400", async () => {
    expect(await refusal(multipart({ file: new Blob([]), model: "m" }))).toMatchObject({ status: 400, code: "empty_file" });
  });

  it("refuse other media types with 415", async () => {
    const request = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "audio/wav" }, body: audio });
    expect(await refusal(request)).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });
});
