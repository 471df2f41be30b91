import { useSearchParams } from "react-router";
import { handbookApi, type Handbook } from "../api/handbook.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { useTitle } from "../components/useTitle.js";
import { HandbookDownloads } from "./HandbookDownloads.js";
import { WorkflowNav } from "./WorkflowNav.js";
import { WorkflowView } from "./WorkflowView.js";
import "./handbook.css";

/**
 * The workflow handbook: per workflow of the current assessment, the hops its tokens cross, what
 * each logs, which bans each enforces, the traceability score, the risk rows and the response
 * playbook. The selected workflow lives in the URL (`?workflow=<id>`) so a page can be linked.
 */
export function HandbookPage() {
  const hb = useApi((s) => handbookApi.get(s), []);
  useTitle("Workflow handbook");
  return (
    <section aria-labelledby="handbook-h" className="handbook">
      <div className="page-head">
        <h1 id="handbook-h">Workflow handbook</h1>
        <HandbookDownloads />
      </div>
      <ErrorBanner error={hb.error} title="Cannot load the handbook" onRetry={hb.reload} />
      {hb.loading && !hb.data ? <Loading what="the handbook" /> : null}
      {hb.data ? <HandbookBody handbook={hb.data} /> : null}
    </section>
  );
}

function HandbookBody({ handbook }: { handbook: Handbook }) {
  const [params] = useSearchParams();
  const wanted = params.get("workflow");
  const a = handbook.assessment;
  const page =
    wanted === null ? handbook.pages[0] : handbook.pages.find((p) => p.workflow.id === wanted);
  return (
    <>
      <p className="lead">
        {a === null
          ? "No assessment to read the workflows from."
          : `Assessment ${a.title} (${a.id}), version ${a.version} (${a.state}).`}{" "}
        For each workflow: what each hop logs about a token, which bans it can enforce, and what to
        do when a token of that workflow leaks.
      </p>
      {handbook.note === null ? null : (
        <p className="banner" role="note">
          {handbook.note}
        </p>
      )}
      {handbook.pages.length === 0 ? (
        <p>No workflows.</p>
      ) : (
        <div className="handbook-layout">
          <WorkflowNav pages={handbook.pages} selected={page?.workflow.id ?? null} />
          {page === undefined ? (
            <p role="alert">
              There is no workflow <code>{wanted}</code> in this handbook: pick one from the list.
            </p>
          ) : (
            <WorkflowView page={page} note={handbook.note} />
          )}
        </div>
      )}
    </>
  );
}
