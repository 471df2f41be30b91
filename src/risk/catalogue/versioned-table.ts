import type { Kysely } from "kysely";
import type { Executor } from "../../store/index.js";

/** The columns every versioned catalogue table has; the rest is the codec's business. */
interface VersionedRow {
  version_id: string;
  id: string;
}

export interface Codec<Row extends VersionedRow, T> {
  decode(row: Row): T;
  encode(versionId: string, value: T): Row;
}

type Generic = Kysely<{ versioned: VersionedRow & Record<string, unknown> }>;

/**
 * Get, put, list and bulk-insert for one table keyed by (version_id, id). The four catalogue
 * tables share this shape; the table name is given at run time, so queries are typed against a
 * generic row and the codec restores the precise type.
 */
export class VersionedTable<Row extends VersionedRow, T> {
  private readonly db: Generic;
  private readonly table: "versioned";

  constructor(
    db: Executor,
    table: "threats" | "workflows" | "risk_rows" | "mitigations",
    private readonly codec: Codec<Row, T>,
    private readonly order: readonly ("position" | "id")[],
  ) {
    this.db = db as unknown as Generic;
    this.table = table as unknown as "versioned";
  }

  async list(versionId: string): Promise<T[]> {
    let q = this.db.selectFrom(this.table).selectAll().where("version_id", "=", versionId);
    for (const column of this.order) q = q.orderBy(column);
    return (await q.execute()).map((r) => this.codec.decode(r as unknown as Row));
  }

  async get(versionId: string, id: string): Promise<T | undefined> {
    const r = await this.db
      .selectFrom(this.table)
      .selectAll()
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .executeTakeFirst();
    return r && this.codec.decode(r as unknown as Row);
  }

  async put(versionId: string, value: T): Promise<void> {
    const row = this.codec.encode(versionId, value) as unknown as VersionedRow &
      Record<string, unknown>;
    await this.db
      .insertInto(this.table)
      .values(row)
      .onConflict((oc) => oc.columns(["version_id", "id"]).doUpdateSet(row))
      .execute();
  }

  /** Inserts many values in chunks (parameter limits), e.g. when a version copies its parent. */
  async insertMany(versionId: string, values: readonly T[]): Promise<void> {
    for (let i = 0; i < values.length; i += 100) {
      const part = values
        .slice(i, i + 100)
        .map(
          (v) =>
            this.codec.encode(versionId, v) as unknown as VersionedRow & Record<string, unknown>,
        );
      await this.db.insertInto(this.table).values(part).execute();
    }
  }

  async delete(versionId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom(this.table)
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .execute();
  }
}
