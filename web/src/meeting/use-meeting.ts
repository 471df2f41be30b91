import { useEffect, useMemo, useSyncExternalStore } from "react";
import { MeetingConnection, type MeetingSnapshot } from "./meeting-connection.js";

/** The room's WebSocket address on this page's own host (one port for the app and the API). */
export function meetingUrl(assessment: string, spectator: boolean): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const q = spectator ? "?spectator=true" : "";
  return `${scheme}://${location.host}/api/v1/meetings/${encodeURIComponent(assessment)}/ws${q}`;
}

export interface Meeting extends MeetingSnapshot {
  send: MeetingConnection["send"];
  castVote: MeetingConnection["vote"];
  dismissError: MeetingConnection["dismissError"];
  dismissNudge: MeetingConnection["dismissNudge"];
  dismissInfo: MeetingConnection["dismissInfo"];
  retryNow: MeetingConnection["retryNow"];
}

/** Joins a meeting room for as long as the component is mounted; reconnects by itself. */
export function useMeeting(assessment: string, spectator: boolean): Meeting {
  const url = meetingUrl(assessment, spectator);
  const conn = useMemo(() => new MeetingConnection(url), [url]);
  useEffect(() => {
    conn.start();
    return () => conn.stop();
  }, [conn]);
  const snap = useSyncExternalStore(conn.subscribe, conn.getSnapshot);
  return {
    ...snap,
    send: conn.send,
    castVote: conn.vote,
    dismissError: conn.dismissError,
    dismissNudge: conn.dismissNudge,
    dismissInfo: conn.dismissInfo,
    retryNow: conn.retryNow,
  };
}
