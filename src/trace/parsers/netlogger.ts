/**
 * A single-pass tokenizer for NetLogger `key=value` lines, the format of dCache's access logs
 * (`level=INFO ts=… event=… key=value …`). dCache quotes a value when it holds a space, a quote,
 * CR or LF, and escapes `\\`, `\"`, `\n` and `\r` inside the quotes; absent values are omitted or
 * written as `key=`. Written by hand with indexOf jumps (no regex, no per-line closures) and
 * without slicing keys: a key is matched in place against a fixed table, and only the values of
 * wanted keys become strings, because access logs run to tens of millions of lines.
 */

/** Why a line is not NetLogger: no `key=value` shape, or a quoted value that never ends. */
export type NetLoggerError = "unknown_line" | "bad_quoting";

/** The keys a caller wants, looked up by length then text, plus key prefixes to keep as extras. */
export class NetLoggerKeys {
  private readonly byLength: (number[] | undefined)[] = [];

  constructor(
    readonly names: readonly string[],
    readonly extraPrefixes: readonly string[] = [],
  ) {
    names.forEach((name, i) => {
      (this.byLength[name.length] ??= []).push(i);
    });
  }

  /** The index of the key written at [start, end) of `line`, or -1. */
  find(line: string, start: number, end: number): number {
    const list = this.byLength[end - start];
    if (list === undefined) return -1;
    for (let k = 0; k < list.length; k++) {
      const idx = list[k] ?? -1;
      if (line.startsWith(this.names[idx] ?? "", start)) return idx;
    }
    return -1;
  }

  extra(line: string, start: number): boolean {
    for (let k = 0; k < this.extraPrefixes.length; k++) {
      if (line.startsWith(this.extraPrefixes[k] ?? "\u0000", start)) return true;
    }
    return false;
  }
}

/** One line's values: `values[i]` for `keys.names[i]`, and `[key, value, …]` of extra keys. */
export class NetLoggerFields {
  readonly values: (string | undefined)[];
  readonly extra: string[] = [];

  constructor(readonly keys: NetLoggerKeys) {
    this.values = new Array<string | undefined>(keys.names.length).fill(undefined);
  }

  get(index: number): string | undefined {
    return this.values[index];
  }
}

/**
 * Splits `line` into `out` (reset first; caller-owned, so the hot path allocates only the wanted
 * values). A key given twice keeps its last value. Returns null on success.
 */
export function splitNetLogger(line: string, out: NetLoggerFields): NetLoggerError | null {
  const values = out.values;
  for (let k = 0; k < values.length; k++) values[k] = undefined;
  if (out.extra.length !== 0) out.extra.length = 0;
  const keys = out.keys;
  const n = line.length;
  let pairs = 0;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const eq = line.indexOf("=", i);
    if (eq <= i) return "unknown_line";
    const slot = keys.find(line, i, eq);
    if (slot === -1 && !plainKey(line, i, eq)) return "unknown_line";
    const keep = slot === -1 && keys.extra(line, i);
    const keyStart = i;
    let j = eq + 1;
    let value: string | undefined;
    if (j < n && line.charCodeAt(j) === 34) {
      const end = quotedEnd(line, j + 1);
      if (end < 0) return "bad_quoting";
      if (end < n && line.charCodeAt(end) !== 32) return "bad_quoting";
      if (slot !== -1 || keep) value = unquote(line, j + 1, end - 1);
      j = end;
    } else {
      const end = line.indexOf(" ", j);
      const stop = end === -1 ? n : end;
      if (slot !== -1 || keep) value = line.slice(j, stop);
      j = stop;
    }
    if (slot !== -1) values[slot] = value;
    else if (keep && value !== undefined) out.extra.push(line.slice(keyStart, eq), value);
    pairs++;
    i = j;
  }
  return pairs === 0 ? "unknown_line" : null;
}

/** A key holds neither blanks nor quotes (else the "key" ran over a value or garbage). */
function plainKey(line: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = line.charCodeAt(k);
    if (c === 32 || c === 34) return false;
  }
  return true;
}

/** The index after the closing quote of a value whose text starts at `start`, or -1. */
function quotedEnd(line: string, start: number): number {
  let i = start;
  for (;;) {
    const close = line.indexOf('"', i);
    if (close === -1) return -1;
    let backslashes = 0;
    for (let b = close - 1; b >= start && line.charCodeAt(b) === 92; b--) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    i = close + 1;
  }
}

/** The text of [start, end) with NetLogger escapes decoded. */
function unquote(line: string, start: number, end: number): string {
  const esc = line.indexOf("\\", start);
  if (esc === -1 || esc >= end) return line.slice(start, end);
  let value = line.slice(start, esc);
  let i = esc;
  while (i < end) {
    const c = line.charCodeAt(i);
    if (c === 92 && i + 1 < end) {
      value += unescape(line.charCodeAt(i + 1));
      i += 2;
    } else {
      value += line.charAt(i);
      i++;
    }
  }
  return value;
}

function unescape(code: number): string {
  if (code === 110) return "\n";
  if (code === 114) return "\r";
  if (code === 116) return "\t";
  return String.fromCharCode(code);
}
