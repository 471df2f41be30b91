import { useCallback, useEffect, useState } from "react";
import { incidentsApi, type IncidentView } from "../api/incidents.js";
import { traceApi } from "../api/trace.js";

export interface IncidentContext {
  title: string | null;
  /** Ids of the events starred into the incident (from the server, then this page's stars). */
  starred: ReadonlySet<number>;
  error: unknown;
  star: (eventId: number, note: string | undefined) => Promise<void>;
}

const STAR_REF = /^event:(\d+)$/;

/** The events starred into an incident: its action log's "star" lines, ref `event:<id>`. */
export function starredIn(view: IncidentView): number[] {
  const out: number[] = [];
  for (const a of view.actions) {
    const m = a.kind === "star" && a.ref !== null ? STAR_REF.exec(a.ref) : null;
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/**
 * The incident a trace is worked on for (`?incident=ID`): its title, the events already starred
 * into it, and starring one more (POST …/stars, answered with the incident view).
 */
export function useIncident(incident: string | null): IncidentContext {
  const [title, setTitle] = useState<string | null>(null);
  const [starred, setStarred] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    setTitle(null);
    setStarred(new Set());
    setError(undefined);
    if (incident === null) return;
    const ctrl = new AbortController();
    incidentsApi.get(incident, ctrl.signal).then(
      (view) => {
        if (ctrl.signal.aborted) return;
        setTitle(view.title);
        setStarred(new Set(starredIn(view)));
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      },
    );
    return () => ctrl.abort();
  }, [incident]);

  const star = useCallback(
    async (eventId: number, note: string | undefined) => {
      if (incident === null) return;
      const view = await traceApi.star(incident, eventId, note);
      setStarred((s) => new Set([...s, ...starredIn(view), eventId]));
    },
    [incident],
  );

  return { title, starred, error, star };
}
