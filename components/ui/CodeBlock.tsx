import { CopyButton } from "./CopyButton";

/** A dark, horizontally scrollable code listing with its language label and a copy button. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="overflow-hidden rounded-xl border border-line bg-code-bg text-code-fg">
      <div className="flex items-center justify-between border-b border-white/10 px-4 py-1.5 text-xs">
        <span className="text-[#b9bec8]">{label}</span>
        <CopyButton text={code} label={`Copy`} className="text-[#dfe3ea] hover:bg-white/10" />
      </div>
      <pre tabIndex={0} aria-label={`${label} code`} className="overflow-x-auto p-4 text-[13px] leading-relaxed">
        <code className="font-mono">{code}</code>
      </pre>
    </div>
  );
}
