import { ApiError } from "./client.js";

/** The file name of a content-disposition header, or `fallback`. */
function fileNameOf(header: string | null, fallback: string): string {
  const m = header === null ? null : /filename="([^"]+)"/.exec(header);
  return m?.[1] ?? fallback;
}

/**
 * Hands bytes to the browser as a download named `name`, without leaving the page. The object
 * URL is revoked only later: revoked at once, some browsers cancel the download it started.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The ApiError of a refused download, as client.ts makes it for every other call (its own
 * helper is private): the server's {error: {code, message, details}}, else the HTTP status.
 */
async function errorOf(res: Response): Promise<ApiError> {
  const payload = (await res.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown; details?: unknown };
  } | null;
  const e = payload?.error;
  if (typeof e === "object" && e !== null) {
    return new ApiError(
      res.status,
      typeof e.code === "string" ? e.code : "error",
      typeof e.message === "string" ? e.message : res.statusText,
      e.details,
    );
  }
  return new ApiError(
    res.status,
    "http_error",
    `${res.status} ${res.statusText || "request failed"}`,
  );
}

/**
 * Fetches a file the API renders (an export) and hands it to the browser as a download: the
 * server's file name, the bytes as they came. Errors come back as ApiError like every call,
 * a server that cannot be reached included.
 */
export async function download(
  method: "GET" | "POST",
  path: string,
  body: unknown,
  fallbackName: string,
): Promise<string> {
  const init: RequestInit = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network_error", "The server cannot be reached. Check the connection.");
  }
  if (!res.ok) throw await errorOf(res);
  const name = fileNameOf(res.headers.get("content-disposition"), fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}
