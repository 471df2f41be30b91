/**
 * What a line is, for the ground truth: the generator's helpers name every line they emit with a
 * role (e.g. `iam.refreshed`, `dcache.GET`, `condor.submit`), the jti of the token the line is
 * about (whether or not the format prints it) and, for a line that mints a token, its parent.
 */
export type LineRole = string;

/** Where a planted line ended up, and what it proves. Filled in when the file is written. */
export interface TruthRef {
  kind: "proven" | "candidate";
  component: string;
  action: string;
  /** The truth token the line is about (proven lines) or was used (candidate lines). */
  jti: string;
  reason: string | null;
  /** Evidence labels (`issued:<jti>`, `exchange-req:<jti>` …), see ground-truth.ts. */
  labels: string[];
  timeMs: number;
  file: string;
  line: number;
}

/** Decides, per emitted line, whether it belongs to the planted scenario (see TruthRecorder). */
export interface TruthHook {
  onLine(
    role: LineRole,
    timeMs: number,
    jti: string | null,
    parent: string | null,
  ): TruthRef | null;
}

/**
 * Who a line belongs to. `victim` marks the compromised user's own (legitimate) lines, which the
 * ground truth counts as unrelated; `truth` is set only on the attacker's operations.
 */
export interface Mark {
  victim: boolean;
  truth: TruthHook | null;
}

/** A legitimate user's line. */
export const NORMAL: Mark = Object.freeze({ victim: false, truth: null });
/** A line of the compromised user's own (legitimate) activity. */
export const VICTIM: Mark = Object.freeze({ victim: true, truth: null });

/**
 * One file's lines of one slice, kept as bytes (every generated line is ASCII) with their times:
 * no JS string outlives its emit, so the garbage collector never traces waiting lines. Buckets
 * are recycled after their slice is written.
 */
export class FileBucket {
  count = 0;
  private bytes = Buffer.allocUnsafe(8 * 1024);
  private used = 0;
  private times = new Float64Array(64);
  private starts = new Int32Array(64);
  private flags = new Uint8Array(64);
  private refs: Map<number, TruthRef> | null = null;

  push(t: number, text: string, ref: TruthRef | null, victim: boolean): void {
    const i = this.count;
    if (i === this.times.length) this.growIndex();
    if (this.used + text.length > this.bytes.length) this.growBytes(text.length);
    this.times[i] = t;
    this.starts[i] = this.used;
    this.used += this.bytes.write(text, this.used, "latin1");
    this.flags[i] = victim ? 1 : 0;
    if (ref !== null) (this.refs ??= new Map()).set(i, ref);
    this.count = i + 1;
  }

  /** Line indices in time order (equal times keep the order they were emitted in). */
  order(): Uint32Array {
    const idx = new Uint32Array(this.count);
    let sorted = true;
    for (let i = 0; i < this.count; i++) {
      idx[i] = i;
      if (i > 0 && this.times[i]! < this.times[i - 1]!) sorted = false;
    }
    if (!sorted) {
      const t = this.times;
      idx.sort((a, b) => t[a]! - t[b]! || a - b);
    }
    return idx;
  }

  /** Copies line `i` and a newline into `target` at `off`; returns the offset after it. */
  copyLine(i: number, target: Buffer, off: number): number {
    const start = this.starts[i]!;
    const end = i + 1 < this.count ? this.starts[i + 1]! : this.used;
    off += this.bytes.copy(target, off, start, end);
    target[off] = 10;
    return off + 1;
  }

  /** Bytes of all lines with their newlines. */
  get size(): number {
    return this.used + this.count;
  }

  ref(i: number): TruthRef | null {
    return this.refs === null ? null : (this.refs.get(i) ?? null);
  }

  victim(i: number): boolean {
    return this.flags[i] === 1;
  }

  /** Empties the bucket for reuse; false when it grew too large to be worth keeping. */
  reset(): boolean {
    this.count = 0;
    this.used = 0;
    this.refs = null;
    return this.bytes.length <= 1 << 20;
  }

  private growIndex(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const starts = new Int32Array(n);
    starts.set(this.starts);
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.times = times;
    this.starts = starts;
    this.flags = flags;
  }

  private growBytes(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }
}

/**
 * Lines bucketed by time slice and file. The scenario runs slice by slice; an activity may emit
 * lines later than its slice (a job finishing hours later, a token refreshed in 50 minutes),
 * which wait in their own slice's bucket. Memory is bounded by what a few hours of activity
 * emit, not by the length of the run. Lines after the end of the last day are dropped.
 */
export class LineBuffer {
  private readonly buckets = new Map<number, (FileBucket | undefined)[]>();
  private readonly pool: FileBucket[] = [];
  /** The slice being generated: nothing may be emitted before its start. */
  current = 0;
  dropped = 0;
  private lastSlice = -1;
  private lastBucket: (FileBucket | undefined)[] | undefined = undefined;

  constructor(
    readonly startMs: number,
    readonly endMs: number,
    readonly sliceMs: number,
    private readonly fileCount: number,
  ) {}

  emit(
    file: number,
    t: number,
    text: string,
    mark: Mark,
    role: LineRole,
    jti: string | null = null,
    parent: string | null = null,
  ): void {
    if (t >= this.endMs) {
      this.dropped++;
      return;
    }
    const slice = Math.floor((t - this.startMs) / this.sliceMs);
    if (slice < this.current) throw new Error(`line at ${t} emitted after its slice was written`);
    let bucket = slice === this.lastSlice ? this.lastBucket : this.buckets.get(slice);
    if (bucket === undefined) {
      bucket = new Array<FileBucket | undefined>(this.fileCount);
      this.buckets.set(slice, bucket);
    }
    this.lastSlice = slice;
    this.lastBucket = bucket;
    const ref = mark.truth === null ? null : mark.truth.onLine(role, t, jti, parent);
    let lines = bucket[file];
    if (lines === undefined) {
      lines = this.pool.pop() ?? new FileBucket();
      bucket[file] = lines;
    }
    lines.push(t, text, ref, mark.victim);
  }

  /** Removes a slice's lines (by file id); give each bucket back with release() once written. */
  take(slice: number): (FileBucket | undefined)[] | undefined {
    const bucket = this.buckets.get(slice);
    if (bucket === undefined) return undefined;
    this.buckets.delete(slice);
    if (slice === this.lastSlice) {
      this.lastSlice = -1;
      this.lastBucket = undefined;
    }
    return bucket;
  }

  release(b: FileBucket): void {
    if (b.reset() && this.pool.length < 512) this.pool.push(b);
  }
}
