import type { FastifyInstance } from "fastify";
import { TttError } from "../core/errors.js";

export interface ApiResponse {
  status: number;
  body: unknown;
}

/**
 * The CLI speaks the HTTP API in both modes, so there is one code path to test: in-process
 * (`inject`, acting as a local user of the store) or over the network to `--server`.
 */
export interface ApiClient {
  call(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<unknown>;
  close(): Promise<void>;
}

/** An API error as the CLI reports it; `status` decides the exit code. */
export class ApiCallError extends TttError {}

function check(res: ApiResponse): unknown {
  if (res.status < 400) return res.body;
  const err = (
    res.body as { error?: { code?: string; message?: string; details?: unknown } } | null
  )?.error;
  throw new ApiCallError(
    err?.code ?? `http_${res.status}`,
    res.status,
    err?.message ?? `HTTP ${res.status}`,
    { details: err?.details },
  );
}

export function localClient(app: FastifyInstance, onClose: () => Promise<void>): ApiClient {
  return {
    async call(method, path, body) {
      const res = await app.inject({
        method,
        url: path,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let parsed: unknown = null;
      if (res.body !== "")
        parsed = res.headers["content-type"]?.toString().includes("json") ? res.json() : res.body;
      return check({ status: res.statusCode, body: parsed });
    },
    async close() {
      await app.close();
      await onClose();
    },
  };
}

export function remoteClient(server: string, token: string | undefined): ApiClient {
  const base = server.replace(/\/+$/, "");
  return {
    async call(method, path, body) {
      let res: Response;
      try {
        res = await fetch(base + path, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        throw new TttError(
          "server_unreachable",
          503,
          `cannot reach ${base}: ${(err as Error).message}`,
        );
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? null : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return check({ status: res.status, body: parsed });
    },
    close: () => Promise.resolve(),
  };
}
