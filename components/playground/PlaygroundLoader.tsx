import { currentUser } from "@/lib/auth";
import type { ModelView } from "@/lib/catalog";
import { getBalance } from "@/lib/credits";
import { freeCreditLabel, freeCreditMicroUsd } from "@/lib/credits/free-credit-amount";
import { env } from "@/lib/env";
import { LIMITS } from "@/lib/validation/fields";
import type { PlaygroundModel } from "./options";
import { Playground } from "./Playground";

/** The facts the browser needs about a model, and nothing else (the catalog entry is large). */
export function playgroundModel(model: ModelView): PlaygroundModel {
  return {
    id: model.id,
    shortName: model.shortName,
    name: model.name,
    status: model.status,
    languages: model.languages,
    translationPairs: model.translationPairs,
    capabilities: model.capabilities,
    pricing: model.pricing,
    ...(model.maxAudioSeconds !== undefined ? { maxAudioSeconds: model.maxAudioSeconds } : {}),
    ...(model.streaming?.chunkSizesMs ? { chunkSizesMs: model.streaming.chunkSizesMs } : {}),
  };
}

/**
 * The playground for a live model, with who is looking and their balance read on the server, so the
 * first paint already says whether a run is free, paid, or needs signing in.
 */
export async function PlaygroundLoader({ model, returnPath }: { model: ModelView; returnPath: string }) {
  const user = await currentUser();
  const balance = user ? await getBalance(user.id) : null;
  return (
    <Playground
      model={playgroundModel(model)}
      viewer={{ signedIn: user !== null, availableMicroUsd: balance?.availableMicroUsd ?? null }}
      publicUrl={env.PUBLIC_URL}
      freeCreditLabel={freeCreditMicroUsd() > 0 ? freeCreditLabel() : null}
      maxUploadBytes={env.API_MAX_AUDIO_BYTES}
      interestLimits={LIMITS}
      signInPath={returnPath}
    />
  );
}
