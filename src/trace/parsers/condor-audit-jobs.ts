/**
 * Job-id readers for the HTCondor parser: `<cluster>.<proc>` tokens and the three ways a routed
 * job names the job it was routed from. Routing strips the token attributes from the new job, so
 * this link is the only way from a batch job back to the token that submitted it at the CE.
 */

/** The end of a `<cluster>.<proc>` starting at `i`, or -1. */
export function jobIdEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  if (j === i || s.charCodeAt(j) !== 46) return -1;
  let k = j + 1;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k === j + 1 ? -1 : k;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95 || c === 46;
}

/** The end of a job id at `i` that stands alone (not part of `1.2.3.4` or `v12.0`), or -1. */
function standaloneEnd(s: string, i: number): number {
  if (!isDigit(s.charCodeAt(i)) || (i > 0 && isWordChar(s.charCodeAt(i - 1)))) return -1;
  const end = jobIdEnd(s, i);
  if (end === -1 || end >= s.length) return end;
  const next = s.charCodeAt(end);
  if (next === 46) return end + 1 >= s.length || !isWordChar(s.charCodeAt(end + 1)) ? end : -1;
  return isWordChar(next) ? -1 : end;
}

/** The first standalone job id of `s`, skipping the range [skipFrom, skipTo). */
function firstJobId(s: string, skipFrom: number, skipTo: number): string | null {
  for (let i = 0; i < s.length; i++) {
    if (i >= skipFrom && i < skipTo) continue;
    const end = standaloneEnd(s, i);
    if (end !== -1) return s.slice(i, end);
  }
  return null;
}

/** A routing link: the new job and the job it was routed from. */
export interface RoutedLink {
  job: string;
  from: string;
  route: string | null;
}

/**
 * Reads a routing link from an HTCondor message, in any of these forms:
 * 1. `… RoutedFromJobId = "<c.p>" …` (also `RoutedFromJobId: <c.p>`, quotes optional) with the
 *    new job as the first other standalone `<c.p>` of the message (e.g. `job 205.0 …`).
 * 2. `… <c.p> routed from [job] <c.p>` (case-insensitive `routed from`).
 * 3. The JobRouter log: `JobRouter (src=<c.p>,dest=<c.p>,route=<name>): claimed job` or
 *    `…: submitted job` (other JobRouter lines, and those without dest, give no link).
 */
export function routedLink(msg: string): RoutedLink | null {
  if (msg.startsWith("JobRouter (")) return jobRouterLink(msg);
  const key = msg.indexOf("RoutedFromJobId");
  if (key !== -1) {
    let i = key + 15;
    while (msg.charCodeAt(i) === 32) i++;
    if (msg.charCodeAt(i) === 61 || msg.charCodeAt(i) === 58) i++;
    while (msg.charCodeAt(i) === 32) i++;
    if (msg.charCodeAt(i) === 34) i++;
    const end = jobIdEnd(msg, i);
    if (end === -1) return null;
    const job = firstJobId(msg, key, end);
    return job === null ? null : { job, from: msg.slice(i, end), route: null };
  }
  const phrase = msg.indexOf("outed from ");
  if (phrase > 0 && (msg.charCodeAt(phrase - 1) | 0x20) === 114) {
    let i = phrase + 11;
    if (msg.startsWith("job ", i) || msg.startsWith("Job ", i)) i += 4;
    const end = jobIdEnd(msg, i);
    if (end === -1) return null;
    const job = lastJobIdBefore(msg, phrase - 1);
    return job === null ? null : { job, from: msg.slice(i, end), route: null };
  }
  return null;
}

function lastJobIdBefore(s: string, limit: number): string | null {
  let found: string | null = null;
  for (let i = 0; i < limit; i++) {
    const end = standaloneEnd(s, i);
    if (end !== -1 && end <= limit) {
      found = s.slice(i, end);
      i = end;
    }
  }
  return found;
}

function jobRouterLink(msg: string): RoutedLink | null {
  const close = msg.indexOf("): ", 11);
  if (close === -1) return null;
  const text = msg.slice(close + 3);
  if (!text.startsWith("claimed job") && !text.startsWith("submitted job")) return null;
  let src: string | null = null;
  let dest: string | null = null;
  let route: string | null = null;
  for (const part of msg.slice(11, close).split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const k = part.slice(0, eq);
    const v = part.slice(eq + 1);
    if (k === "src") src = v;
    else if (k === "dest") dest = v;
    else if (k === "route") route = v;
  }
  if (src === null || dest === null) return null;
  if (jobIdEnd(src, 0) !== src.length || jobIdEnd(dest, 0) !== dest.length) return null;
  return { job: dest, from: src, route };
}
