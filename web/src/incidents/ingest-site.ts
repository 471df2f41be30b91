/**
 * The site of a file chosen in a folder: the first directory below the chosen one, as
 * `ttt ingest --site auto` does (`logs/site-01/dcache/x.access` → site-01); null for files
 * chosen one by one.
 */
export function siteOfPath(relativePath: string): string | null {
  const parts = relativePath.split("/");
  return parts.length >= 3 ? parts[1]! : null;
}
