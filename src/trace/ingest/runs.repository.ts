import type { AuditRepository } from "../../audit/index.js";
import type { Executor } from "../../store/index.js";

/** Ingest runs: when, by whom, from where, and the summary they ended with. */
export class RunsRepository {
  constructor(private readonly db: Executor) {}

  async start(source: string, actor: string, now: string): Promise<number> {
    const row = await this.db
      .insertInto("trace_runs")
      .values({ source, actor, started_at: now, finished_at: null, summary: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async finish(id: number, summary: unknown, now: string): Promise<void> {
    await this.db
      .updateTable("trace_runs")
      .set({ finished_at: now, summary: JSON.stringify(summary) })
      .where("id", "=", id)
      .execute();
  }
}

export interface IngestRepos {
  runs: RunsRepository;
  audit: AuditRepository;
}
