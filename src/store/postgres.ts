import pg from "pg";
import { PostgresDialect } from "kysely";

/**
 * A pool on the given URL. With `schema`, every connection works inside that schema
 * (created if missing): tests use one schema per run so runs never collide.
 */
export async function postgresDialect(url: string, schema?: string): Promise<PostgresDialect> {
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema === undefined ? {} : { options: `-c search_path="${schema}"` }),
  });
  return new PostgresDialect({ pool });
}
