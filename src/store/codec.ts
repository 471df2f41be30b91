/** Column codecs shared by repositories: JSON text and 0/1 booleans, identical on both databases. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromBool(value: boolean): number {
  return value ? 1 : 0;
}

export function toBool(value: number | boolean): boolean {
  return value === 1 || value === true;
}

/**
 * Whether a database error is a unique-key violation (PostgreSQL 23505, SQLite's constraint
 * codes): a row written at the same time by another transaction or instance.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}
