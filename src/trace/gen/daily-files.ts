import { once } from "node:events";
import { closeSync, createWriteStream, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip, type Gzip } from "node:zlib";
import type { FileRegistry } from "./layout.js";
import type { DayParts } from "./time-format.js";

/**
 * The generator's only file I/O: the day's files, opened on their first line and closed when the
 * day is over. Plain files are written synchronously (the fastest path in Node for large
 * sequential chunks); gzip files stream through zlib with backpressure. Counts what it wrote.
 */
interface OpenFile {
  rel: string;
  lines: number;
  fd: number;
  gz: Gzip | null;
  done: Promise<void> | null;
}

export interface WriteStats {
  files: number;
  lines: number;
  /** Bytes of log text (before compression). */
  rawBytes: number;
  /** Bytes on disk. */
  bytes: number;
}

/** Writes the run's daily files; one instance per run. */
export class DailyFiles {
  readonly stats: WriteStats = { files: 0, lines: 0, rawBytes: 0, bytes: 0 };
  private readonly open = new Map<number, OpenFile>();
  private readonly dirs = new Set<string>();
  private day = -1;
  private failure: Error | null = null;

  constructor(
    private readonly outDir: string,
    private readonly registry: FileRegistry,
    private readonly gzipDay: (day: number) => boolean,
  ) {}

  /**
   * Appends `count` newline-terminated lines; returns the file and the first line's number. The
   * bytes may be a reused buffer: they are written or copied before this returns.
   */
  async write(
    id: number,
    day: number,
    parts: DayParts,
    data: Buffer,
    count: number,
  ): Promise<{ rel: string; first: number }> {
    if (day !== this.day) {
      await this.closeAll();
      this.day = day;
    }
    const f = this.open.get(id) ?? this.openFile(id, parts, this.gzipDay(day));
    const first = f.lines + 1;
    f.lines += count;
    this.stats.lines += count;
    this.stats.rawBytes += data.length;
    if (f.gz === null) {
      let done = 0;
      while (done < data.length) done += writeSync(f.fd, data, done);
      this.stats.bytes += data.length;
    } else if (!f.gz.write(Buffer.from(data))) {
      await Promise.race([once(f.gz, "drain"), f.done]);
    }
    if (this.failure !== null) throw this.failure;
    return { rel: f.rel, first };
  }

  private openFile(id: number, parts: DayParts, gzip: boolean): OpenFile {
    const spec = this.registry.spec(id);
    const dir = join(this.outDir, spec.dir);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    const rel = this.registry.relPath(id, parts, gzip);
    const path = join(this.outDir, rel);
    let f: OpenFile;
    if (gzip) {
      const gz = createGzip({ level: 6 });
      const ws = createWriteStream(path);
      const done = pipeline(gz, ws).then(
        () => {
          this.stats.bytes += ws.bytesWritten;
        },
        (err: unknown) => {
          this.failure ??= err instanceof Error ? err : new Error(String(err));
        },
      );
      f = { rel, lines: 0, fd: -1, gz, done };
    } else {
      f = { rel, lines: 0, fd: openSync(path, "w"), gz: null, done: null };
    }
    this.open.set(id, f);
    this.stats.files++;
    return f;
  }

  /** Closes every open file (end of a day, end of the run). */
  async closeAll(): Promise<void> {
    for (const f of this.open.values()) {
      if (f.gz === null) closeSync(f.fd);
      else {
        f.gz.end();
        await f.done;
      }
    }
    this.open.clear();
    if (this.failure !== null) throw this.failure;
  }
}
