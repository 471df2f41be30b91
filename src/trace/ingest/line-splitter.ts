/** Longest line kept; longer ones are skipped to their end and reported as `line_too_long`. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Called for each complete line: its text (no `\n`, no `\r`), its number, or an overlong marker. */
export type LineSink = (line: string | null, lineNo: number) => void;

/**
 * Splits a byte stream into lines with constant memory, tracking the byte offset after the last
 * complete line — the checkpoint. A final line without `\n` stays pending (the file may still be
 * growing); `finish()` hands it over when the caller knows the content is complete (gzip).
 */
export class LineSplitter {
  #carry: Buffer[] = [];
  #carryLen = 0;
  #overlong = false;
  #lineNo: number;
  #consumed: number;

  constructor(startOffset: number, startLine: number) {
    this.#consumed = startOffset;
    this.#lineNo = startLine;
  }

  /** Bytes consumed through the last complete line (resume point). */
  get offset(): number {
    return this.#consumed;
  }

  get lineNo(): number {
    return this.#lineNo;
  }

  /** Bytes held in a pending, unterminated line. */
  get pendingBytes(): number {
    return this.#carryLen;
  }

  push(chunk: Buffer, sink: LineSink): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      this.#lineNo++;
      if (this.#overlong) {
        this.#overlong = false;
        sink(null, this.#lineNo);
      } else if (this.#carryLen > 0) {
        this.#carry.push(chunk.subarray(start, nl));
        const whole = Buffer.concat(this.#carry, this.#carryLen + nl - start);
        this.#carry = [];
        this.#carryLen = 0;
        this.#emit(whole, 0, whole.length, sink);
      } else {
        this.#emit(chunk, start, nl, sink);
      }
      this.#consumed += this.#carryConsumed + nl - start + 1;
      this.#carryConsumed = 0;
      start = nl + 1;
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
  }

  /** The content is complete: an unterminated last line is a line too. */
  finish(sink: LineSink): void {
    if (this.#carryLen === 0 && !this.#overlong) return;
    this.#lineNo++;
    if (this.#overlong) sink(null, this.#lineNo);
    else {
      const whole = Buffer.concat(this.#carry, this.#carryLen);
      this.#emit(whole, 0, whole.length, sink);
    }
    this.#consumed += this.#carryConsumed;
    this.#carry = [];
    this.#carryLen = 0;
    this.#carryConsumed = 0;
    this.#overlong = false;
  }

  /** Bytes of the pending line already counted towards an overlong skip or the carry. */
  #carryConsumed = 0;

  #hold(rest: Buffer): void {
    this.#carryConsumed += rest.length;
    if (this.#overlong) return;
    if (this.#carryLen + rest.length > MAX_LINE_BYTES) {
      this.#overlong = true;
      this.#carry = [];
      this.#carryLen = 0;
      return;
    }
    // Copy: the stream may reuse its chunk buffers.
    this.#carry.push(Buffer.from(rest));
    this.#carryLen += rest.length;
  }

  #emit(buf: Buffer, start: number, end: number, sink: LineSink): void {
    if (end - start > MAX_LINE_BYTES) {
      sink(null, this.#lineNo);
      return;
    }
    if (end > start && buf[end - 1] === 13) end--;
    sink(buf.toString("utf8", start, end), this.#lineNo);
  }
}
