import type { CatalogModel } from "@/lib/catalog/types";
import { inputSchemaFor } from "./schema";

/**
 * Ready-to-run calls of the queue and run APIs for one model, for its page. The input in every sample
 * is the server's own schema applied to an audio URL (so `language` and `acceleration` show the
 * defaults the server would fill in), and the tests run the curl, Python and JavaScript samples
 * against a live server. Pure: safe in any component.
 */

export interface QueueSample {
  /** Tab label. */
  label: string;
  /** Language for highlighting and file naming: "js" | "python" | "bash". */
  language: "js" | "python" | "bash";
  code: string;
}

type SampleModel = Pick<CatalogModel, "id" | "languages" | "capabilities" | "name">;

/** The sample input, as the server's schema completes it. */
export function sampleInput(model: SampleModel, audioUrl: string): Record<string, string> {
  return inputSchemaFor(model).parse({ audio_url: audioUrl }) as Record<string, string>;
}

/** The three fal hosts, rewritten to gigarouter: what `requestMiddleware` does in the samples. */
export function falHostRewrites(baseUrl: string): [string, string][] {
  const base = baseUrl.replace(/\/+$/, "");
  return [
    ["https://queue.fal.run/", `${base}/queue/`],
    ["https://fal.run/", `${base}/run/`],
    ["https://rest.fal.ai/storage/", `${base}/api/files/`],
  ];
}

function jsObject(input: Record<string, string>, indent: string, audioExpression?: string): string {
  const lines = Object.entries(input).map(([key, value]) =>
    key === "audio_url" && audioExpression ? `${indent}  audio_url: ${audioExpression},` : `${indent}  ${key}: ${JSON.stringify(value)},`,
  );
  return `{\n${lines.join("\n")}\n${indent}}`;
}

export function queueSamples(model: SampleModel, baseUrl: string): QueueSample[] {
  const base = baseUrl.replace(/\/+$/, "");
  const input = sampleInput(model, "AUDIO_URL");
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => key !== "audio_url"));
  const rewrites = falHostRewrites(base)
    .map(([from, to], i, all) => `      .replace(${JSON.stringify(from)}, ${JSON.stringify(to)})${i === all.length - 1 ? "," : ""}`)
    .join("\n");

  const falClient = `import { fal } from "@fal-ai/client";
import { readFile } from "node:fs/promises";

// fal's own client, pointed at gigarouter.
fal.config({
  credentials: process.env.GIGAROUTER_KEY,
  requestMiddleware: async (request) => ({
    ...request,
    url: request.url
${rewrites}
  }),
});

// Upload a file (or pass any public https URL, or a data: URI, as audio_url).
const audioUrl = await fal.storage.upload(new Blob([await readFile("speech.wav")], { type: "audio/wav" }));

const result = await fal.subscribe(${JSON.stringify(model.id)}, {
  input: ${jsObject(input, "  ", "audioUrl")},
  logs: true,
  onQueueUpdate: (update) => {
    if (update.status === "IN_PROGRESS") update.logs.map((log) => log.message).forEach(console.log);
  },
});
console.log(result.data);
console.log(result.requestId);

// Streaming: partial results (partial: true), then the final one.
const stream = await fal.stream(${JSON.stringify(model.id)}, { input: { audio_url: audioUrl } });
for await (const event of stream) console.log(event);
console.log(await stream.done());`;

  const fetchSample = `import { readFile } from "node:fs/promises";

const headers = { Authorization: \`Key \${process.env.GIGAROUTER_KEY}\`, "Content-Type": "application/json" };
const audio = (await readFile("speech.wav")).toString("base64");

const submitted = await fetch(${JSON.stringify(`${base}/queue/${model.id}`)}, {
  method: "POST",
  headers,
  body: JSON.stringify(${jsObject(input, "", "`data:audio/wav;base64,${audio}`")}),
}).then((r) => r.json());
console.log(submitted.request_id, "queue position", submitted.queue_position);

let status;
do {
  await new Promise((resolve) => setTimeout(resolve, 500));
  status = await fetch(\`\${submitted.status_url}?logs=1\`, { headers }).then((r) => r.json());
} while (status.status !== "COMPLETED");

const result = await fetch(submitted.response_url, { headers }).then((r) => r.json());
console.log(result);`;

  const pyInput = Object.entries(rest)
    .map(([key, value]) => `, "${key}": ${JSON.stringify(value)}`)
    .join("");
  const python = `import base64, json, os, time, urllib.request

HEADERS = {"Authorization": "Key " + os.environ["GIGAROUTER_KEY"], "Content-Type": "application/json"}

def call(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=HEADERS, method="GET" if body is None else "POST")
    with urllib.request.urlopen(request) as response:
        return json.load(response)

with open("speech.wav", "rb") as f:
    audio_url = "data:audio/wav;base64," + base64.b64encode(f.read()).decode()

submitted = call(${JSON.stringify(`${base}/queue/${model.id}`)}, {"audio_url": audio_url${pyInput}})
print(submitted["request_id"], "queue position", submitted["queue_position"])
while call(submitted["status_url"])["status"] != "COMPLETED":
    time.sleep(0.5)
print(call(submitted["response_url"]))`;

  const curlBody = JSON.stringify({ ...input, audio_url: "__AUDIO__" }).replace('"__AUDIO__"', `"'"$AUDIO_URL"'"`);
  const curl = `# Upload a file (or use any public https URL, or a data: URI, as audio_url).
AUDIO_URL=$(curl -s -X POST ${base}/api/files \\
  -H "Authorization: Key $GIGAROUTER_KEY" \\
  -H "Content-Type: audio/wav" --data-binary @speech.wav | jq -r .url)

# Submit: the answer has request_id, status_url, response_url, cancel_url and queue_position.
SUBMITTED=$(curl -s -X POST ${base}/queue/${model.id} \\
  -H "Authorization: Key $GIGAROUTER_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${curlBody}')

# Wait for COMPLETED (add ?logs=1 to see the logs), then fetch the result.
STATUS_URL=$(echo "$SUBMITTED" | jq -r .status_url)
until [ "$(curl -s "$STATUS_URL" -H "Authorization: Key $GIGAROUTER_KEY" | jq -r .status)" = COMPLETED ]; do sleep 0.5; done
curl -s "$(echo "$SUBMITTED" | jq -r .response_url)" -H "Authorization: Key $GIGAROUTER_KEY"`;

  const stream = `# Run and stream: server-sent events, partial results first, the final one last.
curl -N -X POST ${base}/run/${model.id}/stream \\
  -H "Authorization: Key $GIGAROUTER_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"audio_url": "data:audio/wav;base64,'"$(base64 -w0 speech.wav)"'"}'`;

  return [
    { label: "JavaScript (@fal-ai/client)", language: "js", code: falClient },
    { label: "JavaScript (fetch)", language: "js", code: fetchSample },
    { label: "Python", language: "python", code: python },
    { label: "curl", language: "bash", code: curl },
    { label: "curl (stream)", language: "bash", code: stream },
  ];
}
