import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { receiveAudio } from "@/lib/jobs/audio";
import {
  decodeDataUri,
  formatBytes,
  mediaType,
  parseJson,
  parseMultipart,
  PayloadTooLargeError,
  readBodyCapped,
  UnsupportedMediaTypeError,
} from "./body";
import { RESPONSE_FORMATS, TIMESTAMP_GRANULARITIES, type AudioTask, type ResponseFormat, type TimestampGranularity } from "./types";

/**
 * `POST /v1/audio/transcriptions` and `/v1/audio/translations` bodies -> one validated AudioRequest.
 *
 * Two encodings carry the same fields:
 * - multipart/form-data, as OpenAI's clients send it: `file` is the upload, every other field a string,
 *   arrays repeat their field (`timestamp_granularities[]=word`);
 * - JSON, for clients that cannot send multipart: the audio is `audio_url` (or `file`) holding a base64
 *   `data:` URI, and fields have their JSON types.
 * Fields OpenAI defines that we do not use (`include[]`, `chunking_strategy`, ...) are ignored, as
 * OpenAI ignores them for whisper-1. Every refusal is a 400 whose `param` names the field.
 */

export interface AudioRequest {
  task: AudioTask;
  /** As sent; resolved against the catalog later. */
  model: string;
  audio: Uint8Array;
  /** Spoken language (ISO 639-1 or BCP-47); absent = the model's default or detection. */
  language?: string;
  /** Translations only (gigarouter extension): the language to translate into; default "en". */
  targetLanguage?: string;
  /** Accepted for compatibility; our models take no free-text prompt. */
  prompt?: string;
  /** gigarouter extension: false asks models that can toggle it for text without punctuation and capitals. */
  punctuation?: boolean;
  responseFormat: ResponseFormat;
  temperature: number;
  granularities: TimestampGranularity[];
  stream: boolean;
}

export interface ParseLimits {
  /** Largest audio file accepted, in bytes. */
  maxAudioBytes: number;
}

/** Room for the multipart framing and the other fields around the file. */
const MULTIPART_OVERHEAD_BYTES = 1 << 20;
const MAX_PROMPT_CHARS = 4000;

export async function parseAudioRequest(request: Request, task: AudioTask, limits: ParseLimits): Promise<AudioRequest> {
  const type = mediaType(request);
  const tooLarge = `The audio file is larger than the ${formatBytes(limits.maxAudioBytes)} limit.`;
  if (type === "multipart/form-data") {
    const bytes = await readBodyCapped(request, limits.maxAudioBytes + MULTIPART_OVERHEAD_BYTES, tooLarge);
    const form = await parseMultipart(bytes, request.headers.get("content-type") ?? type);
    return fromFields(await multipartFields(form), task, limits);
  }
  if (type === "application/json") {
    // base64 is 4/3 of the bytes it carries.
    const bytes = await readBodyCapped(request, Math.ceil((limits.maxAudioBytes * 4) / 3) + MULTIPART_OVERHEAD_BYTES, tooLarge);
    const body = parseJson(bytes);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new ValidationError("The JSON body must be an object of request fields.", { status: 400, code: "invalid_json" });
    }
    return fromFields(body as Record<string, unknown>, task, limits);
  }
  throw new UnsupportedMediaTypeError(
    `Send the request as multipart/form-data (with the audio in \`file\`) or as application/json (with a base64 data URI in \`audio_url\`); got ${type ? `"${type}"` : "no Content-Type"}.`,
  );
}

/** FormData -> plain fields: uploads as bytes, repeated fields (and `name[]`) as arrays. */
async function multipartFields(form: FormData): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  for (const [rawKey, value] of form.entries()) {
    const isArray = rawKey.endsWith("[]");
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    const item = typeof value === "string" ? value : { upload: new Uint8Array(await value.arrayBuffer()) };
    const existing = fields[key];
    if (isArray || Array.isArray(existing)) fields[key] = [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), item];
    else if (existing !== undefined) fields[key] = [existing, item];
    else fields[key] = item;
  }
  fields.__multipart = true;
  return fields;
}

interface Upload {
  upload: Uint8Array;
}
const isUpload = (value: unknown): value is Upload => typeof value === "object" && value !== null && "upload" in value;

/** A text field: absent or "" means not given. */
const optionalText = (field: string, max: number) =>
  z
    .string({ error: `\`${field}\` must be a string.` })
    .trim()
    .max(max, { error: `\`${field}\` is longer than ${max} characters.` })
    .optional()
    .transform((value) => value || undefined);

/** Multipart sends "true"/"false"; JSON sends booleans. */
const booleanField = (field: string) =>
  z.preprocess(
    (value) => (value === "true" ? true : value === "false" ? false : value === "" ? undefined : value),
    z.boolean({ error: `\`${field}\` must be true or false.` }).optional(),
  );

/** Multipart sends "0.2"; JSON sends 0.2. */
const temperatureField = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value === "" ? undefined : value),
  z
    .number({ error: "`temperature` must be a number between 0 and 1." })
    .min(0, { error: "`temperature` must be between 0 and 1." })
    .max(1, { error: "`temperature` must be between 0 and 1." })
    .optional(),
);

/** Repeated multipart fields, a JSON array, or one comma-separated string. */
const granularitiesField = z.preprocess(
  (value) => {
    if (value === undefined || value === "") return undefined;
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item) => (typeof item === "string" ? item.split(",").map((s) => s.trim()).filter(Boolean) : [item]));
  },
  z
    .array(z.enum(TIMESTAMP_GRANULARITIES, { error: "`timestamp_granularities[]` accepts `word` and `segment`." }))
    .optional(),
);

const fieldsSchema = z.object({
  model: z
    .string({ error: "`model` is required: a catalog id such as `nvidia/canary-1b-flash` or a short name." })
    .trim()
    .min(1, { error: "`model` is required: a catalog id such as `nvidia/canary-1b-flash` or a short name." })
    .max(200, { error: "`model` is longer than 200 characters." }),
  language: optionalText("language", 35),
  target_language: optionalText("target_language", 35),
  prompt: optionalText("prompt", MAX_PROMPT_CHARS),
  response_format: z
    .preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(RESPONSE_FORMATS, { error: `\`response_format\` must be one of ${RESPONSE_FORMATS.join(", ")}.` }).optional(),
    )
    .default("json"),
  temperature: temperatureField,
  timestamp_granularities: granularitiesField,
  stream: booleanField("stream"),
  punctuation: booleanField("punctuation"),
});

async function fromFields(fields: Record<string, unknown>, task: AudioTask, limits: ParseLimits): Promise<AudioRequest> {
  const parsed = fieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    const param = key === "timestamp_granularities" ? "timestamp_granularities[]" : key || null;
    throw new ValidationError(issue.message, { status: 400, param, code: "invalid_value", cause: parsed.error });
  }
  const f = parsed.data;
  if (task === "transcribe" && f.target_language) {
    throw new ValidationError("`target_language` belongs to /v1/audio/translations; transcriptions keep the spoken language.", {
      status: 400,
      param: "target_language",
      code: "invalid_value",
    });
  }
  const granularities = [...new Set(f.timestamp_granularities ?? [])];
  if (granularities.length > 0 && f.response_format !== "verbose_json") {
    // OpenAI's rule: timestamps only come back in verbose_json, so asking for them elsewhere is a mistake.
    throw new ValidationError("`timestamp_granularities[]` needs `response_format` set to `verbose_json`.", {
      status: 400,
      param: "timestamp_granularities[]",
      code: "invalid_value",
    });
  }
  const stream = f.stream ?? false;
  if (stream && f.response_format !== "json" && f.response_format !== "text") {
    throw new ValidationError("Streaming sends text events; use `response_format` json or text with `stream=true`.", {
      status: 400,
      param: "stream",
      code: "invalid_value",
    });
  }
  if (stream && task === "translate") {
    throw new ValidationError("/v1/audio/translations does not stream; leave out `stream`.", { status: 400, param: "stream", code: "invalid_value" });
  }
  // Last, so a request with bad fields is refused before any audio URL is downloaded.
  const audio = await audioOf(fields, limits);
  return {
    task,
    model: f.model,
    audio,
    ...(f.language ? { language: f.language } : {}),
    ...(task === "translate" ? { targetLanguage: f.target_language ?? "en" } : {}),
    ...(f.prompt ? { prompt: f.prompt } : {}),
    ...(f.punctuation === undefined ? {} : { punctuation: f.punctuation }),
    responseFormat: f.response_format,
    temperature: f.temperature ?? 0,
    granularities,
    stream,
  };
}

/** The audio bytes: a multipart upload in `file`, a data URI in `audio_url` / `file`, or a URL in `audio_url`. */
async function audioOf(fields: Record<string, unknown>, limits: ParseLimits): Promise<Uint8Array> {
  const { file, audio_url: audioUrl } = fields;
  const multipart = fields.__multipart === true;
  if (file !== undefined && audioUrl !== undefined && audioUrl !== "") {
    throw new ValidationError("Send the audio once: either `file` or `audio_url`.", { status: 400, param: "audio_url", code: "invalid_value" });
  }
  let bytes: Uint8Array;
  if (isUpload(file)) {
    bytes = file.upload;
  } else if (Array.isArray(file)) {
    throw new ValidationError("Send one `file` per request.", { status: 400, param: "file", code: "invalid_value" });
  } else if (typeof file === "string" && file.trim().toLowerCase().startsWith("data:")) {
    bytes = decodeDataUri(file, "file");
  } else if (file !== undefined) {
    throw new ValidationError(
      multipart
        ? "`file` must be an uploaded file (a multipart file part), not a text field."
        : "`file` must be a base64 data URI in a JSON body; upload files as multipart/form-data.",
      { status: 400, param: "file", code: "invalid_value" },
    );
  } else if (typeof audioUrl === "string" && audioUrl.trim() !== "") {
    bytes = await audioFromUrl(audioUrl.trim());
  } else if (audioUrl !== undefined && audioUrl !== "") {
    throw new ValidationError("`audio_url` must be a string.", { status: 400, param: "audio_url", code: "invalid_value" });
  } else {
    throw new ValidationError("`file` is required: upload the audio as `file` (multipart) or send `audio_url` (JSON).", {
      status: 400,
      param: "file",
      code: "missing_file",
    });
  }
  if (bytes.length > limits.maxAudioBytes) {
    throw new PayloadTooLargeError(`The audio file is larger than the ${formatBytes(limits.maxAudioBytes)} limit.`);
  }
  if (bytes.length === 0) {
    throw new ValidationError("The audio file is empty (0 bytes).", { status: 400, param: "file", code: "empty_file" });
  }
  return bytes;
}

/**
 * `audio_url`: a data URI, a URL of our own file storage, or an http(s) URL fetched with the queue API's
 * protections (lib/fetch-url: no private addresses on any hop, size, time and content-type limits).
 * Its refusals are 422s naming `audio_url`.
 */
async function audioFromUrl(url: string): Promise<Uint8Array> {
  if (url.toLowerCase().startsWith("data:")) return decodeDataUri(url, "audio_url");
  if (/^https?:\/\//i.test(url)) return (await receiveAudio(url)).bytes;
  throw new ValidationError("`audio_url` must be an http(s) URL or a base64 data URI (data:audio/wav;base64,...).", {
    status: 400,
    param: "audio_url",
    code: "invalid_value",
  });
}
