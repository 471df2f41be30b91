import type { HandbookPage, Traceable } from "../api/handbook.js";
import { pct } from "./text.js";

const PARTS: readonly { key: Traceable; label: string }[] = [
  { key: "jti", label: "by jti" },
  { key: "subject", label: "by subject only" },
  { key: "none", label: "not at all" },
];

/**
 * The traceability score: a small bar of the shares of hops where a token is traceable by jti,
 * by subject only and not at all, with the counts and percentages written next to it.
 */
export function TraceabilityScore({ page }: { page: HandbookPage }) {
  const t = page.traceability;
  const count = (k: Traceable) => page.hops.filter((h) => h.traceable === k).length;
  return (
    <figure className="trace-score" data-testid="handbook-score">
      <figcaption>{t.summary}.</figcaption>
      <div className="trace-bar" role="img" aria-label={`Traceability: ${t.summary}`}>
        {PARTS.filter((p) => t[p.key] > 0).map((p) => (
          <span key={p.key} className={`seg seg-${p.key}`} style={{ flexGrow: t[p.key] }} />
        ))}
      </div>
      <ul className="trace-shares">
        {PARTS.map((p) => (
          <li key={p.key}>
            <span className={`swatch seg-${p.key}`} aria-hidden="true" />
            {p.label}: <strong>{count(p.key)}</strong> of {page.hops.length} ({pct(t[p.key])})
          </li>
        ))}
      </ul>
    </figure>
  );
}
