import { randomBytes, randomUUID } from "node:crypto";

/** Ids and secrets are injected so tests can make them predictable. */
export interface IdSource {
  /** A unique id for a stored record. */
  id(prefix: string): string;
  /** A random secret of `bytes` bytes, base64url-encoded. */
  secret(bytes: number): string;
}

export const randomIds: IdSource = {
  id: (prefix) => `${prefix}_${randomUUID().replaceAll("-", "")}`,
  secret: (bytes) => randomBytes(bytes).toString("base64url"),
};

/** Deterministic ids for tests: prefix_000001, prefix_000002 … */
export function sequentialIds(): IdSource {
  let n = 0;
  return {
    id: (prefix) => `${prefix}_${String(++n).padStart(6, "0")}`,
    secret: (bytes) => `s${String(++n).padStart(bytes, "0")}`,
  };
}
