import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ValidationError } from "../../core/errors.js";

/** How much of the start of a file format detection reads. */
export const HEAD_BYTES = 16 * 1024;
/**
 * How many bytes of (decompressed) content identify a file; the rest may grow. All of the head:
 * daily files of one service often begin alike (dCache billing's header lines, an XRootD
 * start-up dump), and a shorter prefix took the next day's file for the same file grown.
 */
export const FINGERPRINT_BYTES = HEAD_BYTES;

/**
 * One log to ingest: a local file (plain or gzip, told apart by its magic bytes, not its name)
 * or an uploaded stream. `head` is the start of the decompressed content; `open(start)` streams
 * the decompressed content from a byte offset (seeking in plain files, skipping otherwise).
 */
export interface LogSource {
  /** The path recorded with the checkpoint and every event's source (relative for directories). */
  readonly path: string;
  readonly site: string | null;
  /** Compressed content cannot grow: its last line is complete even without a newline. */
  readonly complete: boolean;
  /** Bytes on disk (compressed size for gzip), for progress; null for a stream. */
  readonly sizeOnDisk: number | null;
  /** The local file to read (a parse worker opens it itself); null for a stream. */
  readonly file: string | null;
  head(): Promise<Buffer>;
  /**
   * Length of the (decompressed) content without reading it, modulo 2^32 for gzip (its
   * trailer's ISIZE; a multi-member file reports its last member's), or null when unknown.
   */
  contentLength(): Promise<{ bytes: number; modulo32: boolean } | null>;
  /**
   * `onDisk` is told how many bytes were read from disk (compressed), for progress. With `same`,
   * a local file is read only if its content still begins as it did when it was identified: the
   * stream fails with FileReplacedError otherwise (checked and read through one open file, so
   * a rotation in between cannot slip in). Streams, read once, ignore it.
   */
  open(start: number, onDisk?: (bytes: number) => void, same?: ContentCheck | null): Readable;
}

/** The start of a file's content as it was identified: its length and SHA-256. */
export interface ContentCheck {
  bytes: number;
  sha256: string;
}

export function contentCheck(head: Buffer): ContentCheck {
  return { bytes: head.length, sha256: createHash("sha256").update(head).digest("hex") };
}

/**
 * The path holds other content than when the run identified it: logrotate renamed it and
 * started a new file, or truncated it and wrote anew. Reading on at the checkpoint of the old
 * content would lose lines of one and store lines of the other twice.
 */
export class FileReplacedError extends Error {
  constructor(path: string) {
    super(
      `${path} was replaced since this run identified it (rotated?): not read now, so nothing is lost or stored twice; the next run reads it`,
    );
  }
}

const GZIP_MAGIC = 0x1f8b;

/** Files under each PATH (directories walked recursively, in name order; hidden entries skipped). */
export async function fileSources(
  paths: readonly string[],
  site: string | undefined,
): Promise<LogSource[]> {
  const out: LogSource[] = [];
  for (const root of paths) {
    const info = await stat(root).catch(() => null);
    if (info === null)
      throw new ValidationError(`no such file or directory: ${root}`, [
        { path: "PATH", message: `${root} does not exist` },
      ]);
    if (info.isFile()) {
      const fileSite = siteFor(site, root, root);
      out.push(
        await fileSource(root, root, fileSite).catch((err: unknown) =>
          unreadableSource(root, root, fileSite, err),
        ),
      );
      continue;
    }
    for (const file of await walk(root)) {
      const shown = join(root, relative(root, file));
      const fileSite = siteFor(site, root, file);
      // A file that went away (logrotate) or cannot be opened between the listing and here is
      // still listed: its head() fails, and the run reports it as unreadable and reads the rest.
      out.push(
        await fileSource(file, shown, fileSite).catch((err: unknown) =>
          unreadableSource(file, shown, fileSite, err),
        ),
      );
    }
  }
  return out;
}

/** `--site auto`: the first directory below the PATH given (gen-logs writes DIR/<site>/…). */
function siteFor(site: string | undefined, root: string, file: string): string | null {
  if (site === undefined) return null;
  if (site !== "auto") return site;
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? (parts[0] ?? null) : null;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
    else if (e.isSymbolicLink()) {
      // A link to a file is read (logrotate's "current" links); one that leads nowhere is listed,
      // so the run reports it as unreadable; links to directories are not followed (loops).
      const target = await stat(p).catch(() => null);
      if (target === null || target.isFile()) out.push(p);
    }
  }
  return out;
}

async function fileSource(file: string, shown: string, site: string | null): Promise<LogSource> {
  const info = await stat(file);
  const fh = await open(file, "r");
  const magic = Buffer.alloc(2);
  try {
    await fh.read(magic, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const gzip = info.size >= 2 && magic.readUInt16BE(0) === GZIP_MAGIC;
  /** The decompressed content from its start, through `fd` when given (it then closes it). */
  const content = (onDisk?: (bytes: number) => void, fd?: FileHandle, start = 0): Readable => {
    const raw = createReadStream(file, { fd, start: gzip ? 0 : start, highWaterMark: 256 * 1024 });
    if (onDisk !== undefined) raw.on("data", (c: string | Buffer) => onDisk(c.length));
    if (!gzip) return raw;
    // pipe() does not pass a read error on (a file deleted or unreadable mid-run): without
    // this the gunzip stream would wait for ever and the error would go unhandled.
    const gunzip = createGunzip();
    raw.on("error", (err) => gunzip.destroy(err));
    return raw.pipe(gunzip);
  };
  const openFrom = (start: number, onDisk?: (bytes: number) => void): Readable =>
    gzip ? skipBytes(content(onDisk), start) : content(onDisk, undefined, start);
  return {
    path: shown,
    site,
    complete: gzip,
    sizeOnDisk: info.size,
    file,
    head: () => readHead(openFrom(0)),
    open: (start, onDisk, same) =>
      same == null ? openFrom(start, onDisk) : Readable.from(checked(same, start, onDisk)),
    contentLength: async () => {
      if (!gzip) return { bytes: info.size, modulo32: false };
      const fh = await open(file, "r");
      try {
        const trailer = Buffer.alloc(4);
        await fh.read(trailer, 0, 4, info.size - 4);
        return { bytes: trailer.readUInt32LE(0), modulo32: true };
      } finally {
        await fh.close();
      }
    },
  };

  /** The content from `start`, read through the file handle its head was checked through. */
  async function* checked(
    same: ContentCheck,
    start: number,
    onDisk?: (bytes: number) => void,
  ): AsyncGenerator<Buffer> {
    if (gzip) {
      // Read from its first byte anyway: the start is checked as it passes, and nothing is
      // handed on before it has been.
      let held: Buffer[] | null = [];
      let seen = 0;
      for await (const chunk of content(onDisk) as AsyncIterable<Buffer>) {
        const at = seen;
        seen += chunk.length;
        let out: Array<{ at: number; b: Buffer }> = [{ at, b: chunk }];
        if (held !== null) {
          held.push(chunk);
          if (seen < same.bytes) continue;
          if (!sameStart(Buffer.concat(held), same)) throw new FileReplacedError(shown);
          let pos = 0;
          out = held.map((b) => ({ at: (pos += b.length) - b.length, b }));
          held = null;
        }
        for (const { at: from, b } of out) {
          const skip = Math.max(0, start - from);
          if (skip < b.length) yield b.subarray(skip);
        }
      }
      if (held !== null) throw new FileReplacedError(shown);
      return;
    }
    // Plain: the start is read and checked through the handle the content is then read from.
    const fd = await open(file, "r");
    let handedOver = false;
    try {
      const head = Buffer.alloc(same.bytes);
      const { bytesRead } = await fd.read(head, 0, same.bytes, 0);
      if (bytesRead < same.bytes || !sameStart(head, same)) throw new FileReplacedError(shown);
      handedOver = true; // the content stream closes it
      yield* content(onDisk, fd, start) as AsyncIterable<Buffer>;
    } finally {
      if (!handedOver) await fd.close();
    }
  }
}

function sameStart(head: Buffer, same: ContentCheck): boolean {
  return contentCheck(head.subarray(0, same.bytes)).sha256 === same.sha256;
}

/** A listed file that could not be opened: every read fails with why. */
function unreadableSource(
  file: string,
  shown: string,
  site: string | null,
  err: unknown,
): LogSource {
  const error = err instanceof Error ? err : new Error(String(err));
  const fail = () => Promise.reject(error);
  return {
    path: shown,
    site,
    complete: false,
    sizeOnDisk: 0,
    file,
    head: fail,
    contentLength: fail,
    open: () => {
      const stream = new Readable({ read: () => undefined });
      process.nextTick(() => stream.destroy(error));
      return stream;
    },
  };
}

/** Reads up to HEAD_BYTES from a stream, then stops it. */
export async function readHead(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      parts.push(b);
      n += b.length;
      if (n >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

/** Drops the first `n` bytes of a stream (resuming inside content that cannot be seeked). */
export function skipBytes(stream: Readable, n: number): Readable {
  if (n === 0) return stream;
  let left = n;
  return Readable.from(
    (async function* () {
      for await (const chunk of stream) {
        const b = chunk as Buffer;
        if (left >= b.length) {
          left -= b.length;
          continue;
        }
        yield left > 0 ? b.subarray(left) : b;
        left = 0;
      }
    })(),
    { objectMode: false },
  );
}
