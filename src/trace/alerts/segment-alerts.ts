import { decodeEventData } from "../events/event-codec.js";
import { textAt } from "../ingest/packed-texts.js";
import { SEGMENT_SPAN, type SegmentBatch } from "../ingest/segment-builder.js";
import type { Alert } from "./alert.model.js";
import type { AlertMatcher } from "./alert-matcher.js";

/**
 * The alerts of one segment (pure): each event the watch flagged is decoded and checked
 * exactly — against the bans active at its time, and for use after its token's exp.
 */
export function segmentAlerts(
  batch: SegmentBatch,
  segmentId: number,
  matcher: AlertMatcher,
  files: ReadonlyMap<number, string>,
  now: string,
): Alert[] {
  const out: Alert[] = [];
  const { ords, banned, expiredAt } = batch.flagged;
  for (let i = 0; i < ords.length; i++) {
    const ord = ords[i]!;
    const e = decodeEventData(batch.times[ord]!, textAt(batch.data, ord));
    const eventId = segmentId * SEGMENT_SPAN + ord;
    const base = {
      eventId,
      eventTimeMs: e.timeMs,
      site: e.site,
      component: e.component,
      action: e.action,
      iss: e.iss,
      sub: e.sub,
      jti: e.jti,
      clientId: e.clientId,
      clientIp: e.clientIp,
      object: e.object,
      source: { file: files.get(batch.fileIds[ord]!) ?? "", line: batch.lines[ord]! },
      createdAt: now,
      ack: null,
    };
    if (banned[i] === 1)
      for (const hit of matcher.match(e))
        out.push({
          ...base,
          id: `banned:${hit.ban.id}:${eventId}`,
          kind: "banned",
          banId: hit.ban.id,
          matched: hit.matched,
        });
    const exp = expiredAt[i]!;
    if (!Number.isNaN(exp)) {
      const late = Math.round(e.timeMs / 1000 - exp);
      out.push({
        ...base,
        id: `expired-token:${eventId}`,
        kind: "expired-token",
        banId: null,
        matched: `jti ${e.jti ?? "?"} used ${late} s after its exp (${new Date(exp * 1000).toISOString()})`,
      });
    }
  }
  return out;
}
