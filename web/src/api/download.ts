import { ApiError } from "./client.js";

/** The file name of a content-disposition header, or `fallback`. */
function fileNameOf(header: string | null, fallback: string): string {
  const m = header === null ? null : /filename="([^"]+)"/.exec(header);
  return m?.[1] ?? fallback;
}

/**
 * Fetches a file the API renders (an export) and hands it to the browser as a download: the
 * server's file name, the bytes as they came. Errors come back as ApiError like every call.
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
  const res = await fetch(path, init);
  if (!res.ok) {
    const payload = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      res.status,
      payload?.error?.code ?? "http_error",
      payload?.error?.message ?? `${res.status} ${res.statusText}`,
    );
  }
  const name = fileNameOf(res.headers.get("content-disposition"), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
