import { currentUser } from "@/lib/auth";
import type { ModelView } from "@/lib/catalog";
import { getBalance } from "@/lib/credits";
import { freeCreditLabel, freeCreditMicroUsd } from "@/lib/credits/free-credit-amount";
import { env } from "@/lib/env";
import { LIMITS } from "@/lib/validation/fields";
import { LiveTranscriber } from "./live/LiveTranscriber";
import { playgroundModel } from "./options";
import { Playground } from "./Playground";

/**
 * The playground for a live model, with who is looking and their balance read on the server, so the
 * first paint already says whether a run is free, paid, or needs signing in.
 */
export async function PlaygroundLoader({ model, returnPath }: { model: ModelView; returnPath: string }) {
  const user = await currentUser();
  const balance = user ? await getBalance(user.id) : null;
  return (
    <>
      <Playground
        model={playgroundModel(model)}
        viewer={{ signedIn: user !== null, availableMicroUsd: balance?.availableMicroUsd ?? null }}
        publicUrl={env.PUBLIC_URL}
        freeCreditLabel={freeCreditMicroUsd() > 0 ? freeCreditLabel() : null}
        maxUploadBytes={env.API_MAX_AUDIO_BYTES}
        interestLimits={LIMITS}
        signInPath={returnPath}
      />
      {/* Streaming models also take the microphone live (components/playground/live). */}
      {model.capabilities.streaming ? (
        <LiveTranscriber
          model={{ id: model.id, name: model.name, latencyMs: model.streaming?.latencyMs, perMinuteMicroUsd: model.pricing.perMinuteMicroUsd }}
          signedIn={user !== null}
          signInHref={`/signin?callbackUrl=${encodeURIComponent(returnPath)}`}
        />
      ) : null}
    </>
  );
}
