/**
 * fal's queue paths under our prefixes (fal's queue host -> /queue, its run host -> /run). Model ids
 * contain a slash ("moonshine-ai/moonshine-micro"), and fal lets a model have sub-endpoints
 * ("nvidia/nemotron-asr-multilingual/asr"), which are used on submit but not on the request URLs:
 *
 *   POST /queue/{model_id}[/{subpath}]                              submit
 *   GET  /queue/{model_id}/requests/{request_id}/status[?logs=1]    status
 *   GET  /queue/{model_id}/requests/{request_id}/status/stream      status as server-sent events
 *   GET  /queue/{model_id}/requests/{request_id}                    result
 *   PUT  /queue/{model_id}/requests/{request_id}/cancel             cancel
 *   POST /run/{model_id}[/{subpath}]                                run, answer when done
 *   POST /run/{model_id}[/{subpath}]/stream                         run, partial results as server-sent events
 *
 * Pure: the route handlers give it the catch-all segments; the model is looked up by the caller.
 */

/** Sub-endpoint names accepted after a model id: none, or fal's "asr" (the seed's endpoint id ends in /asr). */
export const SUBPATHS = ["", "asr"] as const;

export type QueueRoute =
  | { kind: "submit"; model: string[] }
  | { kind: "status" | "status_stream" | "result" | "cancel"; model: string[]; requestId: string };

export function parseQueuePath(method: string, segments: readonly string[]): QueueRoute | null {
  const at = segments.indexOf("requests");
  if (method === "POST") return at === -1 && segments.length > 0 ? { kind: "submit", model: [...segments] } : null;
  if (at < 1 || segments.length < at + 2) return null;
  const model = segments.slice(0, at);
  const requestId = segments[at + 1]!;
  const rest = segments.slice(at + 2).join("/");
  if (method === "GET" && rest === "") return { kind: "result", model, requestId };
  if (method === "GET" && rest === "status") return { kind: "status", model, requestId };
  if (method === "GET" && rest === "status/stream") return { kind: "status_stream", model, requestId };
  if (method === "PUT" && rest === "cancel") return { kind: "cancel", model, requestId };
  return null;
}

export interface RunRoute {
  model: string[];
  stream: boolean;
}

export function parseRunPath(segments: readonly string[]): RunRoute | null {
  if (segments.length === 0) return null;
  const stream = segments.length > 1 && segments[segments.length - 1] === "stream";
  return { model: stream ? segments.slice(0, -1) : [...segments], stream };
}

/**
 * The ways a model path can be read: "org/name" + subpath, or a short name + subpath. The caller
 * tries them in order against the catalog.
 */
export function modelCandidates(segments: readonly string[]): { id: string; subpath: string }[] {
  const candidates: { id: string; subpath: string }[] = [];
  if (segments.length >= 2) candidates.push({ id: `${segments[0]}/${segments[1]}`, subpath: segments.slice(2).join("/") });
  if (segments.length >= 1) candidates.push({ id: segments[0]!, subpath: segments.slice(1).join("/") });
  return candidates;
}
