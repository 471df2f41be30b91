import { arcTime } from "./time-format.js";

/**
 * ARC-CE jobs log lines (UTC): a token job's owner is `<iss>/<sub>` — no jti, so everything ARC
 * says about a token is a candidate match only.
 */
export interface ArcJob {
  id: string;
  uid: number;
  gid: number;
  name: string;
  owner: string;
  lrms: string;
  queue: string;
}

function fields(j: ArcJob): string {
  return `job id: ${j.id}, unix user: ${j.uid}:${j.gid}, name: "${j.name}", owner: "${j.owner}", lrms: ${j.lrms}, queue: ${j.queue}`;
}

/** The line ARC writes when it accepts a job. */
export function arcStarted(ms: number, j: ArcJob): string {
  return `${arcTime(ms)} Started - ${fields(j)}`;
}

/** The line ARC writes when the batch system is done with a job (optionally failed). */
export function arcFinished(ms: number, j: ArcJob, lrmsId: number, failure: string | null): string {
  const fail = failure === null ? "" : `, failure: "${failure}"`;
  return `${arcTime(ms)} Finished - ${fields(j)}, lrmsid: ${lrmsId}${fail}`;
}

/** Failure texts of the few jobs that fail. */
export const ARC_FAILURES = [
  "LRMS error: (271) job killed: wall-clock time limit exceeded",
  "Job was cancelled by the owner",
  "Failed in files download (pre-processing)",
] as const;
