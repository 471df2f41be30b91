import { createContext, useContext } from "react";
import { Link, Outlet, useLocation, useParams, useSearchParams } from "react-router";
import { api } from "../api/endpoints.js";
import type { AssessmentView } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";

interface AssessmentContextValue {
  assessment: AssessmentView;
  reload: () => void;
}

const AssessmentContext = createContext<AssessmentContextValue | null>(null);

/** The assessment of the current /a/:assessment page (loaded once by the layout). */
export function useAssessment(): AssessmentContextValue {
  const ctx = useContext(AssessmentContext);
  if (!ctx) throw new Error("useAssessment outside AssessmentLayout");
  return ctx;
}

/** An assessment's pages: its title and the sub-navigation, keeping ?version= where it applies. */
export function AssessmentLayout() {
  const { assessment: id = "" } = useParams();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const { data, error, loading, reload } = useApi((s) => api.assessment(id, s), [id]);
  const version = params.get("version");
  const v = version ? `?version=${encodeURIComponent(version)}` : "";
  const base = `/a/${encodeURIComponent(id)}`;

  if (!data) {
    return (
      <>
        {loading ? <Loading what="assessment" /> : null}
        <ErrorBanner error={error} title={`Assessment ${id}`} onRetry={reload} />
        {error ? <Link to="/">Back to the assessments</Link> : null}
      </>
    );
  }
  return (
    <AssessmentContext.Provider value={{ assessment: data, reload }}>
      <div className="assessment-head">
        <p className="eyebrow">
          <Link to="/">Assessments</Link> <span aria-hidden="true">›</span> {data.id}
          {data.illustrative ? <span className="tag">illustrative</span> : null}
        </p>
        <p className="assessment-title">{data.title}</p>
        <nav aria-label="Assessment" className="subnav">
          {[
            { to: `${base}/table${v}`, label: "Table", match: ["/table", "/rows/"] },
            { to: `${base}/meeting`, label: "Meeting", match: ["/meeting"] },
            { to: `${base}/heatmap${v}`, label: "Heatmap", match: ["/heatmap"] },
            { to: `${base}/mitigations${v}`, label: "Mitigations", match: ["/mitigations"] },
            { to: base, label: "Versions", match: ["", "/", "/diff"] },
          ].map((item) => {
            const rest = pathname.slice(base.length);
            const current =
              pathname.startsWith(base) &&
              item.match.some((m) =>
                m === "" || m === "/" || m === "/diff" ? rest === m : rest.startsWith(m),
              );
            return (
              <Link
                key={item.label}
                to={item.to}
                className={current ? "active" : undefined}
                aria-current={current ? "page" : undefined}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
      </div>
      <ErrorBanner error={error} onRetry={reload} />
      <Outlet />
    </AssessmentContext.Provider>
  );
}
