import Link from "next/link";
import { InterestForm } from "@/components/forms/InterestForm";
import { freeCreditLabel, freeCreditMicroUsd } from "@/lib/credits/free-credit-amount";
import type { ModelView } from "@/lib/catalog/types";
import { LIMITS } from "@/lib/validation/fields";

/** For coming-soon models: what is happening, sign in for credit, or leave an email to be told at launch. */
export function NotLiveCard({ model, waiting }: { model: ModelView; waiting: number }) {
  return (
    <section aria-labelledby="not-live-heading" className="space-y-4 rounded-xl border border-soon/30 bg-soon-soft/60 p-5">
      <div className="space-y-2">
        <h2 id="not-live-heading" className="flex items-center gap-2 text-lg font-semibold">
          <span aria-hidden="true" className="size-2 rounded-full bg-soon" />
          not yet live
        </h2>
        <p className="text-sm leading-relaxed">
          We&apos;re benchmarking {model.name} and getting it ready to serve through our OpenAI-compatible API.
          Sign in to collect free credit so you can call it the day it launches — or tell us you want it, and
          we&apos;ll move it up the queue.
        </p>
      </div>
      <Link href="/signin" className="btn btn-secondary w-full">
        {freeCreditMicroUsd() > 0 ? `Sign in for free credit (${freeCreditLabel()})` : "Sign in"}
      </Link>
      <div className="border-t border-soon/20 pt-4">
        <InterestForm modelId={model.id} modelName={model.name} initialWaiting={waiting} limits={LIMITS} />
      </div>
    </section>
  );
}
