import type { Metadata } from "next";
import Link from "next/link";
import { SearchBox } from "@/components/site/SearchBox";
import { featuredModels } from "@/lib/catalog";
import { modelPath } from "@/lib/catalog/format";

export const metadata: Metadata = {
  title: "Page not found",
};

/** Unknown models and unknown paths alike: say so, offer search, and the usual ways back in. */
export default async function NotFound() {
  const featured = (await featuredModels()).slice(0, 6);
  return (
    <div className="mx-auto max-w-3xl px-4 py-16 sm:py-24">
      <p className="text-sm font-medium text-accent">404 · not found</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight sm:text-4xl">We couldn&apos;t find that page.</h1>
      <p className="mt-3 text-muted">
        The model may be listed under another name, or not be in the catalog yet. Search for it, or ask us to add it.
      </p>
      <div className="mt-8">
        <SearchBox id="not-found-search" size="lg" />
      </div>
      <div className="mt-10 grid gap-8 sm:grid-cols-2">
        <nav aria-label="Popular models">
          <h2 className="mb-2 font-medium">Popular models</h2>
          <ul className="space-y-1.5 text-sm">
            {featured.map((m) => (
              <li key={m.id}>
                <Link href={modelPath(m)} className="link">
                  {m.name}
                </Link>{" "}
                <span className="font-mono text-xs text-muted">{m.id}</span>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label="Elsewhere">
          <h2 className="mb-2 font-medium">Elsewhere</h2>
          <ul className="space-y-1.5 text-sm">
            <li><Link href="/" className="link">Home</Link></li>
            <li><Link href="/models" className="link">Browse all models</Link></li>
            <li><Link href="/compare" className="link">Compare models</Link></li>
            <li><Link href="/request" className="link">Request a model we don&apos;t list</Link></li>
          </ul>
        </nav>
      </div>
    </div>
  );
}
