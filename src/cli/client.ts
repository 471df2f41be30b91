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
  /**
   * A request whose body or answer is a file (report download, import upload): bytes in, bytes
   * out, with the answer's content type. Errors throw like `call`.
   */
  bytes(
    method: "GET" | "POST",
    path: string,
    body?: { data: Buffer; contentType: string },
  ): Promise<BytesResponse>;
  close(): Promise<void>;
}

export interface BytesResponse {
  contentType: string;
  data: Buffer;
}

/** An error answer to a bytes request still carries the JSON error body. */
function checkBytes(status: number, contentType: string, data: Buffer): BytesResponse {
  if (status < 400) return { contentType, data };
  let parsed: unknown = data.toString("utf8");
  try {
    parsed = JSON.parse(parsed as string);
  } catch {
    // not JSON: keep the text
  }
  check({ status, body: parsed });
  return { contentType, data };
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
    async bytes(method, path, body) {
      const res = await app.inject({
        method,
        url: path,
        ...(body === undefined
          ? {}
          : { payload: body.data, headers: { "content-type": body.contentType } }),
      });
      const type = res.headers["content-type"]?.toString() ?? "application/octet-stream";
      return checkBytes(res.statusCode, type, res.rawPayload);
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
    async bytes(method, path, body) {
      let res: Response;
      try {
        res = await fetch(base + path, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { "content-type": body.contentType }),
          },
          ...(body === undefined ? {} : { body: body.data }),
        });
      } catch (err) {
        throw new TttError(
          "server_unreachable",
          503,
          `cannot reach ${base}: ${(err as Error).message}`,
        );
      }
      const type = res.headers.get("content-type") ?? "application/octet-stream";
      return checkBytes(res.status, type, Buffer.from(await res.arrayBuffer()));
    },
    close: () => Promise.resolve(),
  };
}
