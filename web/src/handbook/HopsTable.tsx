import { BAN_KINDS, type HandbookHop, type HandbookPage } from "../api/handbook.js";
import { TableScroll } from "../components/TableScroll.js";
import { TraceBadge } from "./TraceBadge.js";
import { BAN_MARK } from "./text.js";

/**
 * The hops a workflow's tokens cross: what each logs (a badge saying how far that identifies a
 * token, the field it does so by, the logs in one line) and which ban kinds its ban file
 * enforces, one column per kind with a mark and a word.
 */
export function HopsTable({ page }: { page: HandbookPage }) {
  const id = page.workflow.id;
  return (
    <TableScroll label={`Hops of workflow ${id}`}>
      <table className="table compact handbook-hops" data-testid="handbook-hops">
        <caption>Hops of workflow {id}: what each logs and which ban kinds it enforces</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Role</th>
            <th scope="col">What it logs</th>
            {BAN_KINDS.map((k) => (
              <th scope="col" key={k} className="ban-col">
                <span className="visually-hidden">ban kind </span>
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.hops.map((hop) => (
            <HopRow key={hop.component} hop={hop} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function HopRow({ hop }: { hop: HandbookHop }) {
  return (
    <tr>
      <th scope="row">{hop.component}</th>
      <td>{hop.role}</td>
      <td className="hop-logs">
        <TraceBadge traceable={hop.traceable} />
        <span className="small muted"> {hop.logs}</span>
      </td>
      {BAN_KINDS.map((k) => (
        <BanCell key={k} support={hop.bans === null ? null : (hop.bans[k] ?? null)} />
      ))}
    </tr>
  );
}

function BanCell({
  support,
}: {
  support: { level: "full" | "partial" | "none"; note: string } | null;
}) {
  if (support === null)
    return (
      <td className="ban ban-nofile">
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">no ban file</span>
      </td>
    );
  return (
    <td className={`ban ban-${support.level}`} title={support.note}>
      <span aria-hidden="true">{BAN_MARK[support.level]} </span>
      {support.level}
    </td>
  );
}

/** The marks' meaning, under the table. */
export function BanLegend() {
  return (
    <p className="small muted">
      Ban kinds: ✓ full (enforced), ~ partial (enforced with a caveat: hover for it), ✗ none (not
      enforceable), – no ban file at this hop.
    </p>
  );
}
