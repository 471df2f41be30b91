import { useId, useMemo, useState } from "react";
import type { TimelineEvent } from "../api/trace.js";
import { TableScroll } from "../components/TableScroll.js";
import { TIMELINE_COLUMNS, TimelineRow, type PivotHref, type StarProps } from "./TimelineRow.js";
import "./trace.css";

const PAGE = 500;
type Show = "all" | "proven" | "candidate";
const SHOW_LABEL: Record<Show, string> = {
  all: "All",
  proven: "Proven only",
  candidate: "Candidates only",
};

const distinct = (values: Array<string | null>) =>
  [...new Set(values.filter((v): v is string => v !== null && v !== ""))].sort();

/**
 * The events of a trace in time order, filtered in the page by site, component, action and
 * confidence (the lists come from the result), shown 500 at a time.
 */
export function Timeline({
  events,
  pivotHref,
  star,
}: {
  events: readonly TimelineEvent[];
  pivotHref: PivotHref;
  /** With an incident: which events are starred and how to star one. */
  star: { starred: ReadonlySet<number>; onStar: StarProps["onStar"] } | null;
}) {
  const id = useId();
  const [site, setSite] = useState("");
  const [component, setComponent] = useState("");
  const [action, setAction] = useState("");
  const [show, setShow] = useState<Show>("all");
  const [shown, setShown] = useState(PAGE);
  const options = useMemo(
    () => ({
      sites: distinct(events.map((e) => e.site)),
      components: distinct(events.map((e) => e.component)),
      actions: distinct(events.map((e) => e.action)),
    }),
    [events],
  );
  const filtered = useMemo(
    () =>
      events.filter(
        (e) =>
          (site === "" || e.site === site) &&
          (component === "" || e.component === component) &&
          (action === "" || e.action === action) &&
          (show === "all" || e.match.confidence === show),
      ),
    [events, site, component, action, show],
  );
  const filter = (
    label: string,
    value: string,
    set: (v: string) => void,
    list: string[],
    testId: string,
    all: string,
  ) => (
    <div className="field field-inline">
      <label htmlFor={`${id}-${testId}`}>{label}</label>
      <select
        id={`${id}-${testId}`}
        value={value}
        onChange={(e) => {
          set(e.target.value);
          setShown(PAGE);
        }}
        data-testid={testId}
      >
        <option value="">{all}</option>
        {list.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      <div className="filters" role="group" aria-label="Filter the timeline">
        {filter("Site", site, setSite, options.sites, "timeline-filter-site", "All sites")}
        {filter(
          "Component",
          component,
          setComponent,
          options.components,
          "timeline-filter-component",
          "All components",
        )}
        {filter(
          "Action",
          action,
          setAction,
          options.actions,
          "timeline-filter-action",
          "All actions",
        )}
        <fieldset className="segmented" data-testid="timeline-confidence">
          <legend>Confidence</legend>
          {(Object.keys(SHOW_LABEL) as Show[]).map((s) => (
            <label key={s} className={show === s ? "is-on" : undefined}>
              <input
                type="radio"
                name={`${id}-show`}
                value={s}
                checked={show === s}
                onChange={() => {
                  setShow(s);
                  setShown(PAGE);
                }}
                data-testid={`timeline-show-${s}`}
              />
              {SHOW_LABEL[s]}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="muted" role="status" aria-live="polite" data-testid="timeline-count">
        Showing {Math.min(shown, filtered.length)} of {filtered.length} event
        {filtered.length === 1 ? "" : "s"}
        {filtered.length !== events.length ? ` (${events.length} in the trace)` : ""}.
      </p>
      {filtered.length > 0 ? (
        <TableScroll label="Timeline of the trace">
          <table className="table compact timeline-table">
            <thead>
              <tr>
                {TIMELINE_COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                {star ? (
                  <th scope="col">
                    <span className="visually-hidden">Star into the incident</span>
                    <span aria-hidden="true">★</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {filtered.slice(0, shown).map((e) => (
                <TimelineRow
                  key={e.id}
                  e={e}
                  pivotHref={pivotHref}
                  star={star ? { starred: star.starred.has(e.id), onStar: star.onStar } : null}
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{events.length === 0 ? "No event in this trace." : "No event matches these filters."}</p>
      )}
      {filtered.length > shown ? (
        <button
          type="button"
          className="btn"
          onClick={() => setShown((n) => n + PAGE)}
          data-testid="timeline-more"
        >
          Show {Math.min(PAGE, filtered.length - shown)} more
        </button>
      ) : null}
    </section>
  );
}
