import Link from "next/link";
import { formatPricePerMinute } from "@/lib/catalog/format";
import type { ModelView } from "@/lib/catalog/types";

/** For live models: the price and the two ways in (API key, code sample). */
export function LiveCard({ model }: { model: ModelView }) {
  return (
    <section aria-labelledby="live-heading" className="space-y-4 rounded-xl border border-live/30 bg-live-soft/60 p-5">
      <h2 id="live-heading" className="flex items-center gap-2 text-lg font-semibold">
        <span aria-hidden="true" className="size-2 rounded-full bg-live" />
        live on gigarouter
      </h2>
      <p className="text-sm leading-relaxed">
        {model.name} is served now at <strong className="tabular-nums">{formatPricePerMinute(model.pricing)}</strong>{" "}
        of audio. Sign in for free credit and an API key.
      </p>
      <div className="flex flex-col gap-2">
        <Link href="/signin" className="btn btn-primary w-full">
          Sign in for free credit
        </Link>
        <a href="#playground" className="btn btn-secondary w-full">
          Try it in the playground
        </a>
        <a href="#call-it" className="btn btn-secondary w-full">
          See the code
        </a>
      </div>
    </section>
  );
}
