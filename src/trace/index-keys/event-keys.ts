import { otherJtis, otherSubs } from "../events/also-named.js";
import type { ParsedEvent } from "../events/trace-event.js";
import { keyHash } from "./key-hash.js";

/**
 * What an event can be found by. Each kind is a one-letter prefix, so the same text in two
 * roles (a subject that is also a mapped user name) gives two different keys.
 */
export const KEY_KINDS = {
  jti: "j",
  sub: "s",
  clientId: "c",
  object: "o",
  clientIp: "i",
  corr: "r",
  mappedUser: "u",
  /** details.refreshTokenJti: which access tokens a refresh token minted. */
  refreshTokenJti: "R",
  /** details.routedFromJobId: the CE job a routed job came from. */
  routedFrom: "F",
  /** The token's exp (epoch seconds as text): ties FTS token lines to the IAM issuance. */
  tokenExp: "e",
  /** The UTC hour of the event: time-range queries without any other key. */
  hour: "h",
} as const;
export type KeyKind = keyof typeof KEY_KINDS;

const HOUR_MS = 3_600_000;

/** The hash of one key, as readers compute it for a look-up. */
export function lookupKey(kind: KeyKind, value: string): number {
  return keyHash(KEY_KINDS[kind], value);
}

let lastHour = NaN;
let lastHourKey = 0;

/** The hour-bucket key of a time (ms); consecutive events mostly share their hour. */
export function hourKey(timeMs: number): number {
  const hour = Math.floor(timeMs / HOUR_MS);
  if (hour !== lastHour) {
    lastHour = hour;
    lastHourKey = keyHash(KEY_KINDS.hour, String(hour));
  }
  return lastHourKey;
}

/** Calls `emit` with every key hash the event is indexed by (no duplicates per event). */
export function eventKeys(e: ParsedEvent, emit: (key: number) => void): void {
  if (e.jti !== null) emit(keyHash("j", e.jti));
  if (e.sub !== null) emit(keyHash("s", e.sub));
  if (e.clientId !== null) emit(keyHash("c", e.clientId));
  if (e.object !== null) emit(keyHash("o", e.object));
  if (e.clientIp !== null) emit(keyHash("i", e.clientIp));
  if (e.corr !== null) emit(keyHash("r", e.corr));
  if (e.mappedUser !== null) emit(keyHash("u", e.mappedUser));
  if (e.tokenExp !== null) emit(keyHash("e", String(e.tokenExp)));
  const d = e.details;
  if (d !== null) {
    for (const j of otherJtis(e)) emit(keyHash("j", j));
    for (const s of otherSubs(e)) emit(keyHash("s", s));
    const r = d["refreshTokenJti"];
    if (typeof r === "string" && r !== "") emit(keyHash("R", r));
    const f = d["routedFromJobId"];
    if (typeof f === "string" && f !== "") emit(keyHash("F", f));
  }
  emit(hourKey(e.timeMs));
}
