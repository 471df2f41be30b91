import { Link } from "react-router";
import type { HandbookPage } from "../api/handbook.js";

/** The workflows of the handbook as links that select one (`?workflow=<id>`, so it is linkable). */
export function WorkflowNav({
  pages,
  selected,
}: {
  pages: HandbookPage[];
  selected: string | null;
}) {
  return (
    <nav className="handbook-nav" aria-label="Workflows">
      <h2 className="handbook-nav-title">Workflows</h2>
      <ul className="plain-list">
        {pages.map((p) => {
          const current = p.workflow.id === selected;
          return (
            <li key={p.workflow.id}>
              <Link
                to={{ search: `?workflow=${encodeURIComponent(p.workflow.id)}` }}
                aria-current={current ? "page" : undefined}
                className={current ? "is-current" : undefined}
                data-testid="handbook-workflow-link"
              >
                <span className="handbook-wf-id">{p.workflow.id}</span> {p.workflow.name}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
