/**
 * Field-level helpers for the version diff: natural ordering of ids, value equality and
 * keyed comparison of catalogue items. Pure: no I/O.
 */
import type { Settlement } from "../model.js";

/** One field that differs between two versions of the same item. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Items present in only one version, and items present in both whose fields differ. */
export interface KeyedDiff {
  added: string[];
  removed: string[];
  changed: { id: string; changes: FieldChange[] }[];
}

/**
 * Orders ids the way people number them ("TR-2" before "TR-10", "4a" before "4b", "4e"
 * before "4e-power"), so every list in a diff reads like the catalogue and is stable across
 * runs. Digit runs compare by numeric value, other runs by code unit; ties (e.g. "01" vs "1")
 * fall back to plain code-unit order so the result is a total order.
 */
export function naturalCompare(a: string, b: string): number {
  const xs = chunks(a);
  const ys = chunks(b);
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i] ?? "";
    const y = ys[i] ?? "";
    const c = isDigits(x) && isDigits(y) ? compareDigits(x, y) : compareText(x, y);
    if (c !== 0) return c;
  }
  if (xs.length !== ys.length) return xs.length - ys.length;
  return compareText(a, b);
}

/** Sorted, de-duplicated copy of `ids` in natural order. */
export function sortIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(naturalCompare);
}

function chunks(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}

function isDigits(s: string): boolean {
  return /^\d+$/.test(s);
}

/** Compares digit runs of any length without overflowing: by significant length, then text. */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, "");
  const b = y.replace(/^0+(?=\d)/, "");
  if (a.length !== b.length) return a.length - b.length;
  return compareText(a, b);
}

function compareText(x: string, y: string): number {
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** Structural equality for the plain JSON-like values catalogue items hold. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Lists the fields among `fields` whose values differ, in the order given, so a reviewer
 * sees changes in a fixed, meaningful order. Fields named in `unordered` are string lists
 * that compare as sets (e.g. the rows a mitigation covers), so reordering is not a change.
 */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
  unordered: readonly (keyof T & string)[] = [],
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    const b = before[field];
    const a = after[field];
    const same = unordered.includes(field)
      ? sameValue(asSortedList(b), asSortedList(a))
      : sameValue(b, a);
    if (!same) out.push({ field, before: b, after: a });
  }
  return out;
}

function asSortedList(v: unknown): unknown {
  return Array.isArray(v) ? [...(v as unknown[])].map(String).sort(naturalCompare) : v;
}

/**
 * Compares two lists of id-keyed items: which ids appear only in one list, and which
 * items in both differ on `fields`. Results are in natural id order.
 */
export function diffKeyed<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  fields: readonly (keyof T & string)[],
  unordered: readonly (keyof T & string)[] = [],
): KeyedDiff {
  const b = new Map(before.map((x) => [x.id, x]));
  const a = new Map(after.map((x) => [x.id, x]));
  const added = sortIds([...a.keys()].filter((id) => !b.has(id)));
  const removed = sortIds([...b.keys()].filter((id) => !a.has(id)));
  const changed: KeyedDiff["changed"] = [];
  for (const id of sortIds([...a.keys()].filter((k) => b.has(k)))) {
    const x = b.get(id);
    const y = a.get(id);
    if (x === undefined || y === undefined) continue;
    const changes = changedFields(x, y, fields, unordered);
    if (changes.length > 0) changed.push({ id, changes });
  }
  return { added, removed, changed };
}

/**
 * The current settlement of each row: the latest by `settledAt` (then by id), so callers
 * may pass either only current settlements or a whole history.
 */
export function currentByRow(settlements: readonly Settlement[]): Map<string, Settlement> {
  const out = new Map<string, Settlement>();
  for (const s of settlements) {
    const prev = out.get(s.rowId);
    if (prev === undefined || isLater(s, prev)) out.set(s.rowId, s);
  }
  return out;
}

function isLater(s: Settlement, than: Settlement): boolean {
  if (s.settledAt !== than.settledAt) return s.settledAt > than.settledAt;
  return s.id > than.id;
}
