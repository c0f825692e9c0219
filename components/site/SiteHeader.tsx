import Link from "next/link";
import { Logo } from "./Logo";

const NAV = [
  { href: "/models", label: "Models" },
  { href: "/compare", label: "Compare" },
  { href: "/request", label: "Request a model" },
] as const;

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-bg/90 backdrop-blur supports-[backdrop-filter]:bg-bg/75">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-6">
        <Link href="/" className="shrink-0 rounded-md" aria-label="gigarouter home">
          <Logo />
        </Link>
        <nav aria-label="Main" className="min-w-0 flex-1 overflow-x-auto">
          <ul className="flex items-center gap-1 text-sm whitespace-nowrap">
            {NAV.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="block rounded-md px-2 py-1.5 text-muted hover:bg-surface-2 hover:text-fg"
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <form action="/models" method="get" role="search" className="hidden md:block">
          <label htmlFor="header-search" className="sr-only">
            Search models
          </label>
          <input
            id="header-search"
            name="q"
            type="search"
            placeholder="Search models"
            className="field h-9 w-52 py-1"
          />
        </form>
        <Link href="/signin" className="btn btn-secondary h-9 shrink-0 px-3">
          Sign in
        </Link>
      </div>
    </header>
  );
}
