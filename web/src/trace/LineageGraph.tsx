import { useId, useMemo } from "react";
import type { Confidence, TraceLink, TraceToken } from "../api/trace.js";
import { clip, shortJti, utc } from "./trace-format.js";
import { layoutLineage, NODE_H, NODE_W } from "./lineage-layout.js";
import { LineageTables } from "./LineageTables.js";
import "./trace.css";

const CONFIDENCES: readonly Confidence[] = ["proven", "inferred", "candidate"];
const STYLE_WORD: Record<Confidence, string> = {
  proven: "solid line",
  inferred: "dashed line",
  candidate: "dotted line",
};

function summaryLabel(tokens: readonly TraceToken[], links: readonly TraceLink[]): string {
  const count = (c: Confidence) => links.filter((l) => l.confidence === c).length;
  const starts = tokens.filter((t) => t.depth === 0).map((t) => `${t.kind} ${shortJti(t.jti)}`);
  return (
    `Token lineage: ${tokens.length} token${tokens.length === 1 ? "" : "s"}, ` +
    `${links.length} link${links.length === 1 ? "" : "s"} (${count("proven")} proven, ` +
    `${count("inferred")} inferred, ${count("candidate")} candidate)` +
    (starts.length > 0 ? `; starting from ${starts.slice(0, 5).join(", ")}` : "") +
    ". The tables below list every token and link."
  );
}

/**
 * The tokens of a trace and how each was derived, drawn by hand as an SVG: a column per depth,
 * edges parent → child labelled with the link type, proven links solid, inferred dashed,
 * candidates dotted (the legend says so; colour is never the only cue). Clicking a token traces
 * it; the tables below carry the same content and pivots for keyboards and screen readers.
 */
export function LineageGraph({
  tokens,
  links,
  onPivot,
  pivotHref,
}: {
  tokens: readonly TraceToken[];
  links: readonly TraceLink[];
  onPivot: (t: TraceToken) => void;
  pivotHref: (t: TraceToken) => string;
}) {
  const marker = `lineage-arrow-${useId().replace(/[^A-Za-z0-9]/g, "")}`;
  const layout = useMemo(() => layoutLineage(tokens, links), [tokens, links]);
  if (tokens.length === 0)
    return (
      <section aria-labelledby="lineage-h">
        <h2 id="lineage-h">Token lineage</h2>
        <p className="muted">No token was found for this query.</p>
      </section>
    );
  return (
    <section aria-labelledby="lineage-h">
      <h2 id="lineage-h">Token lineage</h2>
      <Legend />
      <div className="lineage-scroll" role="region" aria-label="Token lineage graph" tabIndex={0}>
        <svg
          className="lineage-graph"
          role="img"
          aria-label={summaryLabel(tokens, links)}
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          data-testid="lineage-graph"
        >
          <defs>
            <marker
              id={marker}
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="lineage-arrow" />
            </marker>
          </defs>
          {layout.edges.map(({ link, d, labelX, labelY }) => (
            <g
              key={`${link.from}>${link.to}`}
              className={`lineage-link conf-${link.confidence}`}
              data-testid="lineage-link"
              data-confidence={link.confidence}
              data-type={link.type}
              data-from={link.from}
              data-to={link.to}
            >
              <title>{`${link.type} (${link.confidence}): ${link.rule}`}</title>
              <path d={d} className="lineage-edge" markerEnd={`url(#${marker})`} />
              <text x={labelX} y={labelY - 6} textAnchor="middle" className="lineage-edge-label">
                {link.confidence === "proven" ? link.type : `${link.type} · ${link.confidence}`}
              </text>
            </g>
          ))}
          {layout.nodes.map(({ token, x, y }) => (
            <g
              key={token.jti}
              className={`lineage-token${token.depth === 0 ? " is-start" : ""}`}
              transform={`translate(${x} ${y})`}
              data-testid="lineage-token"
              data-jti={token.jti}
              onClick={() => onPivot(token)}
            >
              <title>
                {`${token.kind} token ${token.jti}\nclient ${token.clientId ?? "unknown"}\nsub ${token.sub ?? "unknown"}\nissued ${utc(token.issuedAtMs)}\nClick to trace this token`}
              </title>
              <rect width={NODE_W} height={NODE_H} rx={6} className="lineage-box" />
              <text x={10} y={20} className="lineage-kind">
                {`${token.kind} · ${shortJti(token.jti)}`}
              </text>
              <text x={10} y={38} className="lineage-client">
                {clip(token.clientId ?? "client unknown", 28)}
              </text>
              <text x={10} y={52} className="lineage-depth">
                {token.depth === 0 ? "start" : `depth ${token.depth}`}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <LineageTables tokens={tokens} links={links} pivotHref={pivotHref} />
    </section>
  );
}

function Legend() {
  return (
    <div className="legend" aria-label="Legend of the lineage graph">
      <span className="legend-title">Links:</span>
      {CONFIDENCES.map((c) => (
        <span key={c} className="legend-sample lineage-legend-item">
          <svg width="44" height="10" aria-hidden="true" className={`conf-${c}`}>
            <line x1="2" y1="5" x2="42" y2="5" className="lineage-edge" />
          </svg>
          {c} — {STYLE_WORD[c]}
        </span>
      ))}
      <span className="muted small">
        Click a token to trace it. Thick border: a starting token. For keyboards and screen readers,
        the tables below list the same tokens and links, each token with a link that traces it.
      </span>
    </div>
  );
}
