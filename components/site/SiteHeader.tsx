import Link from "next/link";
import { HeaderAccount } from "@/components/auth/HeaderAccount";
import { Logo } from "./Logo";

const NAV = [
  { href: "/models", label: "Models" },
  { href: "/compare", label: "Compare" },
  { href: "/playground", label: "Playground" },
  { href: "/request", label: "Request a model" },
] as const;

/** Logo, main navigation, search and sign-in. On phones the navigation takes a second row. */
export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-bg/90 backdrop-blur supports-[backdrop-filter]:bg-bg/75">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 px-4 sm:h-14 sm:flex-nowrap sm:gap-x-6">
        <Link href="/" className="flex h-12 shrink-0 items-center rounded-md sm:h-auto" aria-label="gigarouter home">
          <Logo />
        </Link>
        <nav aria-label="Main" className="order-last -mx-2 w-full pb-1.5 sm:order-none sm:mx-0 sm:w-auto sm:flex-1 sm:pb-0">
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
        <form action="/models" method="get" role="search" className="ml-auto hidden md:block">
          <label htmlFor="header-search" className="sr-only">
            Search models
          </label>
          <input
            id="header-search"
            name="q"
            type="search"
            maxLength={100}
            placeholder="Search models"
            className="field h-9 w-52 py-1"
          />
        </form>
        <HeaderAccount className="btn btn-secondary ml-auto h-9 shrink-0 px-3 md:ml-0" />
      </div>
    </header>
  );
}
