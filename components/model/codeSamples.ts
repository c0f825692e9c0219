import type { Capabilities, CatalogModel } from "@/lib/catalog/types";

export interface CodeSample {
  /** Tab label, e.g. "JavaScript". */
  label: string;
  code: string;
}

/**
 * One request as the samples should spell it out (the playground passes the options a person chose).
 * Absent fields are left out of the request, so the server's defaults apply.
 */
export interface CodeRequest {
  task?: "transcribe" | "translate";
  /** Spoken language; absent = the model detects it or uses its only language. */
  language?: string;
  /** Translations only: the language to translate into (gigarouter's `target_language`). */
  targetLanguage?: string;
  responseFormat?: "json" | "text" | "srt" | "vtt" | "verbose_json";
  timestampGranularities?: readonly ("word" | "segment")[];
  /** Sent only when false: punctuation and capitalisation are on by default. */
  punctuation?: boolean;
  /** Streaming models: chunk size trade-off (none, regular, high, full). */
  acceleration?: string;
  stream?: boolean;
  /** The file the samples read; "speech.wav" by default. */
  fileName?: string;
}

/**
 * Ready-to-paste calls of gigarouter's OpenAI-compatible endpoint for one model. `baseUrl` is the site's
 * public origin; the OpenAI clients append paths to `<origin>/v1`. Without a `request`, word timestamps
 * are requested only for models that publish them, with OpenAI's own parameter names.
 *
 * Fields OpenAI's clients do not know (gigarouter's extensions, and `language` on translations) go
 * through untyped in JavaScript and through `extra_body` in Python, whose client refuses unknown
 * keyword arguments.
 */
export function codeSamples(
  model: Pick<CatalogModel, "id"> & { capabilities: Pick<Capabilities, "timestamps"> },
  baseUrl: string,
  request?: CodeRequest,
): CodeSample[] {
  const apiBase = `${baseUrl.replace(/\/+$/, "")}/v1`;
  const words = model.capabilities.timestamps.includes("word");
  const r: CodeRequest = request ?? (words ? { responseFormat: "verbose_json", timestampGranularities: ["word"] } : {});
  const translate = r.task === "translate";
  const resource = translate ? "translations" : "transcriptions";
  const file = r.fileName ?? "speech.wav";
  const granularities = r.timestampGranularities ?? [];

  // [name, JSON value, known to OpenAI's clients for this endpoint]
  const fields: [string, string | boolean | string[], boolean][] = [];
  if (r.language) fields.push(["language", r.language, !translate]);
  if (translate && r.targetLanguage) fields.push(["target_language", r.targetLanguage, false]);
  if (r.responseFormat) fields.push(["response_format", r.responseFormat, true]);
  if (granularities.length > 0) fields.push(["timestamp_granularities", [...granularities], !translate]);
  if (r.punctuation === false) fields.push(["punctuation", false, false]);
  if (r.acceleration) fields.push(["acceleration", r.acceleration, false]);
  if (r.stream) fields.push(["stream", true, true]);

  const literal = (value: string | boolean | string[]): string =>
    Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(", ")}]` : JSON.stringify(value);
  const jsOptions = [
    `  model: "${model.id}",`,
    `  file: fs.createReadStream(${JSON.stringify(file)}),`,
    ...fields.map(([name, value]) => `  ${name}: ${literal(value)},`),
  ].join("\n");
  const jsPrint = r.stream
    ? `for await (const event of ${resource === "transcriptions" ? "transcription" : "translation"}) {
  if (event.type === "transcript.text.delta") process.stdout.write(event.delta);
}`
    : `console.log(${translate ? "translation" : "transcription"}${r.responseFormat && !r.responseFormat.endsWith("json") ? "" : ".text"});`;

  const js = `import fs from "node:fs";
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${apiBase}",
  apiKey: process.env.GIGAROUTER_API_KEY,
});

const ${translate ? "translation" : "transcription"} = await client.audio.${resource}.create({
${jsOptions}
});

${jsPrint}`;

  const pyValue = (value: string | boolean | string[]): string =>
    typeof value === "boolean" ? (value ? "True" : "False") : literal(value);
  const known = fields.filter(([, , isKnown]) => isKnown);
  const extra = fields.filter(([, , isKnown]) => !isKnown);
  const pyOptions = [
    `    model="${model.id}",`,
    `    file=audio,`,
    ...known.map(([name, value]) => `    ${name}=${pyValue(value)},`),
    ...(extra.length > 0 ? [`    extra_body={${extra.map(([name, value]) => `"${name}": ${pyValue(value)}`).join(", ")}},`] : []),
  ].join("\n");
  const pyName = translate ? "translation" : "transcription";
  const pyPrint = r.stream
    ? `for event in ${pyName}:
    if event.type == "transcript.text.delta":
        print(event.delta, end="", flush=True)`
    : `print(${pyName}${r.responseFormat && !r.responseFormat.endsWith("json") ? "" : ".text"})`;

  const python = `import os
from openai import OpenAI

client = OpenAI(
    base_url="${apiBase}",
    api_key=os.environ["GIGAROUTER_API_KEY"],
)

with open(${JSON.stringify(file)}, "rb") as audio:
    ${pyName} = client.audio.${resource}.create(
${pyOptions.replace(/^/gm, "    ")}
    )

${pyPrint}`;

  const curlFields = fields.flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((item) => `  -F "${name}[]=${item}" \\`) : [`  -F ${name}="${String(value)}" \\`],
  );
  const curlLines = [
    `curl ${apiBase}/audio/${resource} \\`,
    `  -H "Authorization: Bearer $GIGAROUTER_API_KEY" \\`,
    `  -F model="${model.id}" \\`,
    ...curlFields,
    `  -F file="@${file}"`,
  ];

  return [
    { label: "JavaScript", code: js },
    { label: "Python", code: python },
    { label: "curl", code: curlLines.join("\n") },
  ];
}
