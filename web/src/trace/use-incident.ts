import { useCallback, useEffect, useState } from "react";
import { traceApi } from "../api/trace.js";

export interface IncidentContext {
  title: string | null;
  /** Ids of the events starred into the incident (from the server, then this page's stars). */
  starred: ReadonlySet<number>;
  error: unknown;
  star: (eventId: number, note: string | undefined) => Promise<void>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * The starred event ids an incident view carries: its `stars` list ({eventId}), or the action
 * log's "star" lines whose ref is `event:<id>`. Read loosely: the view is another screen's type.
 */
export function starredIn(view: unknown): number[] {
  if (!isObj(view)) return [];
  const out: number[] = [];
  if (Array.isArray(view.stars))
    for (const s of view.stars as unknown[])
      if (isObj(s) && typeof s.eventId === "number") out.push(s.eventId);
  if (Array.isArray(view.actions))
    for (const a of view.actions as unknown[])
      if (isObj(a) && a.kind === "star" && typeof a.ref === "string") {
        const m = /^(?:event:)?(\d+)$/.exec(a.ref);
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
    traceApi.incident(incident, ctrl.signal).then(
      (view) => {
        if (ctrl.signal.aborted) return;
        setTitle(isObj(view) && typeof view.title === "string" ? view.title : null);
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
