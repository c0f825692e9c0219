import Link from "next/link";
import { Logo } from "./Logo";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-line bg-surface">
      <div className="mx-auto grid max-w-6xl gap-8 px-4 py-10 text-sm sm:grid-cols-3">
        <div className="space-y-2">
          <Logo />
          <p className="max-w-xs text-muted">
            Speech-to-text models with their specs, benchmarks and prices, behind one OpenAI-compatible API.
          </p>
        </div>
        <nav aria-label="Catalog">
          <h2 className="mb-2 font-medium">Catalog</h2>
          <ul className="space-y-1.5 text-muted">
            <li><Link className="hover:text-fg" href="/models">All models</Link></li>
            <li><Link className="hover:text-fg" href="/models?status=live">Live now</Link></li>
            <li><Link className="hover:text-fg" href="/models?status=coming_soon">Coming soon</Link></li>
            <li><Link className="hover:text-fg" href="/compare">Compare models</Link></li>
          </ul>
        </nav>
        <nav aria-label="Account and requests">
          <h2 className="mb-2 font-medium">You</h2>
          <ul className="space-y-1.5 text-muted">
            <li><Link className="hover:text-fg" href="/request">Request a model</Link></li>
            <li><Link className="hover:text-fg" href="/signin">Sign in for free credit</Link></li>
          </ul>
        </nav>
      </div>
      <p className="mx-auto max-w-6xl px-4 pb-8 text-xs text-muted">
        Benchmark figures are quoted as their authors published them. Prices are per minute of audio, in US dollars.
      </p>
    </footer>
  );
}
