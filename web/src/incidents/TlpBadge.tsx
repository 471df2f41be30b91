import type { Tlp } from "../api/incidents.js";

/** The Traffic Light Protocol label, in FIRST's words and colours (text, not colour alone). */
export function TlpBadge({ tlp }: { tlp: Tlp }) {
  const cls = tlp.toLowerCase().replace("+", "-");
  return (
    <span className={`tlp tlp-${cls}`} data-testid="tlp">
      TLP:{tlp}
    </span>
  );
}

/** An incident's state or severity as a small word badge. */
export function WordBadge({ word, kind }: { word: string; kind: "state" | "severity" }) {
  return <span className={`word-badge ${kind}-${word}`}>{word}</span>;
}
