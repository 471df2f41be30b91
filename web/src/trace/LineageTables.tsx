import { Link } from "react-router";
import type { Evidence, TraceLink, TraceToken } from "../api/trace.js";
import { TableScroll } from "../components/TableScroll.js";
import { isoOf, shortJti, utc } from "./trace-format.js";
import "./trace.css";

/**
 * The lineage graph's content as tables: every token (with a link tracing it) and every link
 * with its rule and evidence lines. For screen readers and keyboards, and for reading the
 * evidence the graph has no room for.
 */
export function LineageTables({
  tokens,
  links,
  pivotHref,
}: {
  tokens: readonly TraceToken[];
  links: readonly TraceLink[];
  pivotHref: (t: TraceToken) => string;
}) {
  const kindOf = new Map(tokens.map((t) => [t.jti, t.kind]));
  const name = (jti: string) => `${kindOf.get(jti) ?? "token"} ${shortJti(jti)}`;
  return (
    <details className="lineage-tables" open>
      <summary>
        Tokens ({tokens.length}) and links ({links.length}) as tables
      </summary>
      <TableScroll label="Tokens of the trace">
        <table className="table compact" data-testid="lineage-tokens-table">
          <caption>Tokens</caption>
          <thead>
            <tr>
              <th scope="col">Token (jti)</th>
              <th scope="col">Kind</th>
              <th scope="col">Depth</th>
              <th scope="col">Parent</th>
              <th scope="col">Client</th>
              <th scope="col">Subject</th>
              <th scope="col">Issued (UTC)</th>
              <th scope="col">Expires (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.jti}>
                <th scope="row">
                  <Link to={pivotHref(t)} className="mono" title="Trace this token">
                    {t.jti}
                  </Link>
                </th>
                <td>{t.kind}</td>
                <td className="num">{t.depth}</td>
                <td className="mono">{t.parent === null ? "—" : name(t.parent)}</td>
                <td>{t.clientId ?? "—"}</td>
                <td className="mono">{t.sub ?? "—"}</td>
                <td className="nowrap" title={isoOf(t.issuedAtMs)}>
                  {utc(t.issuedAtMs)}
                </td>
                <td className="nowrap">{t.exp === null ? "—" : utc(t.exp * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {links.length > 0 ? (
        <TableScroll label="Links between the tokens">
          <table className="table compact" data-testid="lineage-links-table">
            <caption>Links (parent → child)</caption>
            <thead>
              <tr>
                <th scope="col">From → to</th>
                <th scope="col">Type</th>
                <th scope="col">Confidence</th>
                <th scope="col">Why</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={`${l.from}>${l.to}`}>
                  <th scope="row" className="mono nowrap">
                    {name(l.from)} → {name(l.to)}
                  </th>
                  <td>{l.type}</td>
                  <td>
                    <span className={`conf-badge conf-${l.confidence}`}>{l.confidence}</span>
                  </td>
                  <td className="notes-cell">{l.rule}</td>
                  <td>
                    <EvidenceList evidence={l.evidence} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </details>
  );
}

function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return <>—</>;
  return (
    <ul className="plain-list evidence-list">
      {evidence.map((e) => (
        <li key={`${e.eventId}:${e.file}:${e.line}`}>
          <code>
            {e.file}:{e.line}
          </code>{" "}
          <span className="muted small">{e.note}</span>
        </li>
      ))}
    </ul>
  );
}
