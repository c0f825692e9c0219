import "server-only";
import { getModel, listModels, type ModelView } from "@/lib/catalog";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { MINIMUM_BILLED_SECONDS, microUsdToUsdNumber } from "@/lib/metering/price";
import { RESPONSE_FORMATS, type ModelList, type ModelObject } from "./types";

/** The catalog as OpenAI's `/v1/models` list, and model lookups with the API's errors. */

/** The model's public page, e.g. https://gigarouter.example/models/nvidia/canary-1b-flash. */
export function modelPageUrl(model: Pick<ModelView, "id">): string {
  return new URL(`/models/${model.id}`, env.PUBLIC_URL).toString();
}

/** "2025-03" or "2025-03-10" -> Unix seconds (UTC midnight of that day, or the 1st of the month). */
function unixSeconds(isoDate: string): number {
  const [year, month = "01", day = "01"] = isoDate.split("-");
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

export function toModelObject(model: ModelView): ModelObject {
  return {
    id: model.id,
    object: "model",
    created: unixSeconds(model.publishedAt),
    owned_by: model.id.split("/")[0]!.toLowerCase(),
    name: model.name,
    short_name: model.shortName,
    status: model.status,
    url: modelPageUrl(model),
    tasks: [...model.tasks],
    languages: [...model.languages],
    translation_pairs: model.translationPairs.map(({ from, to }) => ({ from, to })),
    capabilities: {
      timestamps: [...model.capabilities.timestamps],
      streaming: model.capabilities.streaming,
      punctuation: model.capabilities.punctuation,
      language_detection: model.capabilities.languageDetection,
      diarization: model.capabilities.diarization,
    },
    response_formats: [...RESPONSE_FORMATS],
    max_audio_seconds: model.maxAudioSeconds ?? null,
    pricing: {
      usd_per_minute: microUsdToUsdNumber(model.pricing.perMinuteMicroUsd),
      micro_usd_per_minute: model.pricing.perMinuteMicroUsd,
      estimated: model.pricing.estimated,
      billing: { unit: "second", minimum_seconds: MINIMUM_BILLED_SECONDS },
    },
  };
}

export async function modelList(): Promise<ModelList> {
  return { object: "list", data: (await listModels()).map(toModelObject) };
}

/** A catalog model by id or short name, or 404 `model_not_found` naming `param`. */
export async function findModelOr404(idOrShortName: string, param: string | null = "model"): Promise<ModelView> {
  const model = await getModel(idOrShortName);
  if (!model) {
    throw new NotFoundError(
      `The model \`${idOrShortName.slice(0, 200)}\` does not exist. GET /v1/models lists every model, e.g. \`nvidia/canary-1b-flash\` or its short name \`canary-1b-flash\`.`,
      { param, code: "model_not_found" },
    );
  }
  return model;
}

/**
 * A model requests can run on, or 404 `model_not_live` with a link to its page.
 *
 * Why 404 and not 503: 503 says "try again shortly", and OpenAI's clients act on it by retrying twice
 * with backoff before giving up — pointless for a model that launches in weeks. 404 is what OpenAI
 * itself answers for a model a caller cannot use (`model_not_found`), its clients raise it at once as
 * NotFoundError, and our distinct code and message say it is coming, and where to sign up.
 */
export async function liveModelOr404(idOrShortName: string): Promise<ModelView> {
  const model = await findModelOr404(idOrShortName);
  if (model.status !== "live") {
    throw new NotFoundError(
      `${model.name} (\`${model.id}\`) is coming soon and cannot be called yet. Leave your email on ${modelPageUrl(model)} to hear when it is live.`,
      { param: "model", code: "model_not_live" },
    );
  }
  return model;
}
