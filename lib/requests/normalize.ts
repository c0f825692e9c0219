/**
 * Turns what people type into the request box into one identity per model, so that
 * "openai/Whisper-Large-V3", "https://huggingface.co/openai/whisper-large-v3/tree/main" and
 * "huggingface.co/openai/whisper-large-v3/" all land on the same request. Pure: no I/O.
 */

export type ModelSource = "huggingface" | "github";

export interface ModelReference {
  /** Lower-case "org/name": the identity requests are merged on. */
  key: string;
  /** "org/name" with the casing it was typed with. */
  display: string;
  /** Where a URL pointed; null for a bare id. */
  source: ModelSource | null;
}

/** Why a reference was refused, worded for the person who typed it. */
export class ModelReferenceError extends Error {}

const HOSTS: Record<string, ModelSource> = {
  "huggingface.co": "huggingface",
  "hf.co": "huggingface",
  "github.com": "github",
};

// Hugging Face and GitHub both allow letters, digits, "-", "_" and "." in owner and repository names.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_SEGMENT = 96;

export function parseModelReference(input: string): ModelReference {
  const text = input.trim();
  const looksLikeUrl = /^https?:\/\//i.test(text) || /^(www\.)?(huggingface\.co|hf\.co|github\.com)\//i.test(text);
  return looksLikeUrl ? fromUrl(text) : fromId(text);
}

function fromId(text: string): ModelReference {
  const parts = text.replace(/\/+$/, "").split("/");
  if (parts.length !== 2) {
    throw new ModelReferenceError(
      'Give the model as "org/name" (for example openai/whisper-large-v3) or paste its Hugging Face or GitHub link.',
    );
  }
  return reference(parts[0] ?? "", parts[1] ?? "", null);
}

function fromUrl(text: string): ModelReference {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ModelReferenceError("That link does not look like a valid URL.");
  }
  const source = HOSTS[url.hostname.toLowerCase().replace(/^www\./, "")];
  if (!source) throw new ModelReferenceError("Links must point to huggingface.co or github.com.");

  const segments = url.pathname.split("/").filter((s) => s !== "");
  if (source === "huggingface") {
    if (segments[0] === "datasets" || segments[0] === "spaces") {
      throw new ModelReferenceError(`That link is a Hugging Face ${segments[0].slice(0, -1)}, not a model.`);
    }
    if (segments[0] === "models") segments.shift();
  }
  const [org, repo] = segments;
  if (!org || !repo) throw new ModelReferenceError("The link must include both the organisation and the model name.");
  return reference(org, source === "github" ? repo.replace(/\.git$/i, "") : repo, source);
}

function reference(org: string, name: string, source: ModelSource | null): ModelReference {
  for (const part of [org, name]) {
    if (!SEGMENT.test(part) || part.length > MAX_SEGMENT) {
      throw new ModelReferenceError(
        `"${part.slice(0, 40)}" is not a valid name: use letters, digits, "-", "_" and "." only.`,
      );
    }
  }
  const display = `${org}/${name}`;
  return { key: display.toLowerCase(), display, source };
}

/** Where people can read about the requested model. */
export function referenceUrl(ref: Pick<ModelReference, "display" | "source">): string {
  return ref.source === "github" ? `https://github.com/${ref.display}` : `https://huggingface.co/${ref.display}`;
}
