import type { HandbookPage } from "../api/handbook.js";
import { TableScroll } from "../components/TableScroll.js";

/** The workflow's active risk rows with their settled scores, highest first. */
export function RiskRows({ page, note }: { page: HandbookPage; note: string | null }) {
  const id = page.workflow.id;
  if (page.rows.length === 0)
    return <p className="muted">{note ?? "No active risk rows for this workflow."}</p>;
  return (
    <TableScroll label={`Risk rows of workflow ${id}`}>
      <table className="table compact" data-testid="handbook-rows">
        <caption>Active risk rows of workflow {id}, highest score first</caption>
        <thead>
          <tr>
            <th scope="col">Threat</th>
            <th scope="col">Variant</th>
            <th scope="col">Level</th>
            <th scope="col" className="num">
              <abbr title="likelihood">L</abbr>
            </th>
            <th scope="col" className="num">
              <abbr title="impact">I</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <span className="muted">{r.id}</span> {r.threat}
              </th>
              <td>{r.variant ?? "–"}</td>
              <td>
                {r.score === null ? <span className="muted">not scored</span> : r.score.level}
              </td>
              <td className="num">{r.score?.likelihood ?? "–"}</td>
              <td className="num">{r.score?.impact ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
