import type { ReactNode } from "react";

/** A titled page section; the heading labels the region for screen-reader navigation. */
export function Section({
  id,
  title,
  children,
  action,
  className = "",
}: {
  id: string;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const headingId = `${id}-heading`;
  return (
    <section id={id} aria-labelledby={headingId} className={className}>
      <div className="mb-4 flex items-baseline justify-between gap-4">
        <h2 id={headingId} className="text-lg font-semibold tracking-tight">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}
