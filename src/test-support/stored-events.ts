import type { StoredEvent } from "../trace/events/events.repository.js";
import { blankEvent, type Component } from "../trace/events/trace-event.js";

/** Invented values shared by the trace tests. */
export const TEST_ISS = "https://iam.example.org/";
export const TEST_T0 = 1_725_329_409_000;

export interface StoredEventDefaults {
  component: Component;
  action: string;
  file: string;
  fileId: number;
  site?: string | null;
  iss?: string | null;
  /** The source line of event `id` (default: the id). */
  line?: (id: number) => number;
}

/**
 * A factory of stored events for pure trace tests: blankEvent with the defaults, a fresh id each
 * (its source line follows it), and `partial` overriding any field.
 */
export function storedEvents(
  d: StoredEventDefaults,
): (partial?: Partial<StoredEvent>) => StoredEvent {
  let nextId = 1;
  return (partial = {}) => {
    const id = partial.id ?? nextId++;
    const base = blankEvent(
      partial.component ?? d.component,
      partial.timeMs ?? TEST_T0,
      partial.action ?? d.action,
    );
    const source = { fileId: d.fileId, file: d.file, line: d.line?.(id) ?? id };
    return {
      ...base,
      site: d.site ?? null,
      host: null,
      iss: d.iss ?? null,
      id,
      source,
      ...partial,
    };
  };
}
