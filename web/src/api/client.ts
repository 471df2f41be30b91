/**
 * A small typed fetch client for the TTT API. Every failure becomes an ApiError carrying the
 * server's {error: {code, message, details}} so pages can show it as it is.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Field-level issues of a validation error, when the server sent them. */
  get issues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue =>
        typeof d === "object" &&
        d !== null &&
        typeof (d as FieldIssue).path === "string" &&
        typeof (d as FieldIssue).message === "string",
    );
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called whenever the API answers 401 (session expired or logged out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface RequestOptions {
  body?: unknown;
  /** A file's bytes sent as they are (imports), instead of a JSON body. */
  raw?: { data: ArrayBuffer; contentType: string };
  signal?: AbortSignal | undefined;
  /** Do not notify the 401 listeners (used by the "who am I" probe and login). */
  quiet401?: boolean;
}

function errorFrom(status: number, payload: unknown, statusText: string): ApiError {
  if (typeof payload === "object" && payload !== null && "error" in payload) {
    const e = payload.error;
    if (typeof e === "object" && e !== null) {
      const { code, message, details } = e as {
        code?: unknown;
        message?: unknown;
        details?: unknown;
      };
      return new ApiError(
        status,
        typeof code === "string" ? code : "error",
        typeof message === "string" ? message : statusText,
        details,
      );
    }
  }
  return new ApiError(status, "http_error", `${status} ${statusText || "request failed"}`);
}

export async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(opts.body);
  } else if (opts.raw !== undefined) {
    headers["content-type"] = opts.raw.contentType;
    init.body = opts.raw.data;
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "The server cannot be reached. Check the connection.");
  }
  const text = await res.text();
  let payload: unknown = undefined;
  if (text !== "") {
    try {
      payload = JSON.parse(text) as unknown;
    } catch {
      payload = undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) unauthenticatedListeners.forEach((l) => l());
    throw errorFrom(res.status, payload, res.statusText);
  }
  return payload as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, { signal });
export const post = <T>(path: string, body?: unknown) => request<T>("POST", path, { body });

/** Builds a query string from the defined values only ("?a=1&b=2", or ""). */
export function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, v);
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}
