/**
 * The agent's counters and gauges, and their Prometheus text exposition (format 0.0.4).
 * Plain numbers in one object: the service increments them, /metrics renders them.
 */
export class AgentMetrics {
  received = 0;
  applied = 0;
  duplicates = 0;
  stale = 0;
  readonly rejected = new Map<string, number>();
  polls = 0;
  pollFailures = 0;
  fileWrites = 0;
  fileWriteFailures = 0;
  reloads = 0;
  reloadFailures = 0;
  /** Epoch ms of the last successful exchange with the transmitter, or null. */
  lastContactMs: number | null = null;
  /** Seconds between the newest accepted SET's iat and its application, or null. */
  lagSeconds: number | null = null;
  bans = 0;

  reject(code: string): void {
    this.rejected.set(code, (this.rejected.get(code) ?? 0) + 1);
  }

  /** The exposition, with `stale` (0/1) computed by the caller at scrape time. */
  render(stale: boolean): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, values: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of values) lines.push(`${name}${labels} ${v}`);
    };
    const one = (v: number): [string, number][] => [["", v]];
    metric("ttt_agent_events_received_total", "counter", "SETs received", one(this.received));
    metric(
      "ttt_agent_events_applied_total",
      "counter",
      "SETs verified and applied",
      one(this.applied),
    );
    metric(
      "ttt_agent_events_duplicate_total",
      "counter",
      "SETs received again after being applied (acknowledged, not reapplied)",
      one(this.duplicates),
    );
    metric(
      "ttt_agent_events_outdated_total",
      "counter",
      "ban changes older than the stored state of their ban (ignored)",
      one(this.stale),
    );
    const reasons = [...this.rejected.entries()].sort(([a], [b]) => a.localeCompare(b));
    metric(
      "ttt_agent_events_rejected_total",
      "counter",
      "SETs refused, by reason",
      reasons.map(([r, v]) => [`{reason="${r}"}`, v]),
    );
    metric("ttt_agent_polls_total", "counter", "poll requests answered", one(this.polls));
    metric("ttt_agent_poll_failures_total", "counter", "failed polls", one(this.pollFailures));
    metric("ttt_agent_file_writes_total", "counter", "ban files rewritten", one(this.fileWrites));
    metric(
      "ttt_agent_file_write_failures_total",
      "counter",
      "ban files that could not be written",
      one(this.fileWriteFailures),
    );
    metric("ttt_agent_reloads_total", "counter", "reload commands run", one(this.reloads));
    metric(
      "ttt_agent_reload_failures_total",
      "counter",
      "reload commands that failed or timed out",
      one(this.reloadFailures),
    );
    if (this.lastContactMs !== null) {
      metric(
        "ttt_agent_last_contact_timestamp_seconds",
        "gauge",
        "last successful exchange with the transmitter",
        one(this.lastContactMs / 1000),
      );
    }
    if (this.lagSeconds !== null) {
      metric(
        "ttt_agent_lag_seconds",
        "gauge",
        "age of the newest applied SET (its iat) when applied",
        one(this.lagSeconds),
      );
    }
    metric("ttt_agent_bans", "gauge", "bans stored (any state)", one(this.bans));
    metric(
      "ttt_agent_stale",
      "gauge",
      "1 when the transmitter has not been reached lately",
      one(stale ? 1 : 0),
    );
    return `${lines.join("\n")}\n`;
  }
}
