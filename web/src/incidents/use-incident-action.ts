import { useState } from "react";
import type { IncidentView } from "../api/incidents.js";

/**
 * Runs one change on the incident at a time (a note, a tick, a state move…): busy while it runs,
 * the server's error kept to show, and the new case file handed to `onDone`.
 */
export function useIncidentAction(onDone: (v: IncidentView) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  async function run(work: () => Promise<IncidentView>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await work());
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
