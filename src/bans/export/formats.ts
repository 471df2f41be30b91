/**
 * The ban-file formats: one per middleware a site runs, plus `json`, the exact list of bans
 * that are or will be active (what `ttt condor-plugin` reads, and what a site can feed its own
 * tooling). Pure constants, no I/O.
 */

/** Middleware that can enforce (some) bans from a file TTT generates. */
export const MIDDLEWARES = ["dcache", "storm", "arc", "condor", "xrootd", "fts", "eos"] as const;
export type Middleware = (typeof MIDDLEWARES)[number];

/** Every export format: the middleware files and the lossless JSON list. */
export const EXPORT_FORMATS = [...MIDDLEWARES, "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Human name of each format, used in headers and messages. */
export const FORMAT_TITLES: Record<ExportFormat, string> = {
  dcache: "dCache gPlazma banfile",
  storm: "StoRM WebDAV authorization policies",
  arc: "ARC CE arc.conf authgroup",
  condor: "HTCondor-CE SciTokens mapfile for the TTT mapping plugin",
  xrootd: "XRootD XrdSciTokens name_mapfile",
  fts: "FTS3 ban script",
  eos: "EOS ban script",
  json: "TTT ban list (JSON)",
};
