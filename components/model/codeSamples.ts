import type { Capabilities, CatalogModel } from "@/lib/catalog/types";

export interface CodeSample {
  /** Tab label, e.g. "JavaScript". */
  label: string;
  code: string;
}

/**
 * Ready-to-paste calls of gigarouter's OpenAI-compatible endpoint for one model. `baseUrl` is the site's
 * public origin; the OpenAI clients append paths to `<origin>/v1`. Word timestamps are requested only
 * for models that publish them, with OpenAI's own parameter names.
 */
export function codeSamples(
  model: Pick<CatalogModel, "id"> & { capabilities: Pick<Capabilities, "timestamps"> },
  baseUrl: string,
): CodeSample[] {
  const apiBase = `${baseUrl.replace(/\/+$/, "")}/v1`;
  const words = model.capabilities.timestamps.includes("word");

  const jsOptions = [
    `  model: "${model.id}",`,
    `  file: fs.createReadStream("speech.wav"),`,
    ...(words ? [`  response_format: "verbose_json",`, `  timestamp_granularities: ["word"],`] : []),
  ].join("\n");

  const js = `import fs from "node:fs";
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${apiBase}",
  apiKey: process.env.GIGAROUTER_API_KEY,
});

const transcription = await client.audio.transcriptions.create({
${jsOptions}
});

console.log(transcription.text);`;

  const pyOptions = [
    `    model="${model.id}",`,
    `    file=audio,`,
    ...(words ? [`    response_format="verbose_json",`, `    timestamp_granularities=["word"],`] : []),
  ].join("\n");

  const python = `import os
from openai import OpenAI

client = OpenAI(
    base_url="${apiBase}",
    api_key=os.environ["GIGAROUTER_API_KEY"],
)

with open("speech.wav", "rb") as audio:
    transcription = client.audio.transcriptions.create(
${pyOptions.replace(/^/gm, "    ")}
    )

print(transcription.text)`;

  const curlLines = [
    `curl ${apiBase}/audio/transcriptions \\`,
    `  -H "Authorization: Bearer $GIGAROUTER_API_KEY" \\`,
    `  -F model="${model.id}" \\`,
    ...(words ? [`  -F response_format="verbose_json" \\`, `  -F "timestamp_granularities[]=word" \\`] : []),
    `  -F file="@speech.wav"`,
  ];

  return [
    { label: "JavaScript", code: js },
    { label: "Python", code: python },
    { label: "curl", code: curlLines.join("\n") },
  ];
}
