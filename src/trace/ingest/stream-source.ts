import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { HEAD_BYTES, skipBytes, type LogSource } from "./log-source.js";

/**
 * An uploaded log as a LogSource. The stream can be read once: `head()` buffers its start (after
 * gunzip when the first bytes say gzip), and `open(start)` replays that start and continues with
 * the rest, skipping what an earlier ingest of the same content already took. A plain upload
 * may be a live log sent again as it grows (`ttt ingest --server`), so, as for a local file, a
 * last line without its newline waits for the next upload; gzip content cannot grow, and its
 * last line counts (known once `head()` has read the first bytes).
 */
export function streamSource(
  path: string,
  site: string | null,
  body: Readable,
  /** Wraps gzip content once decompressed (the upload route limits its size). */
  unzipped: (content: Readable) => Readable = (content) => content,
): LogSource {
  let content: AsyncIterator<Buffer> | null = null;
  let buffered: Buffer[] = [];
  let headDone: Promise<Buffer> | null = null;
  let gzip = false;

  const start = async (): Promise<AsyncIterator<Buffer>> => {
    const raw = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await raw.next();
    if (first.done === true) return (async function* () {})();
    const firstChunk = first.value;
    const rest = Readable.from(
      (async function* () {
        yield firstChunk;
        for (;;) {
          const n = await raw.next();
          if (n.done === true) return;
          yield n.value;
        }
      })(),
      { objectMode: false },
    );
    gzip = firstChunk.length >= 2 && firstChunk[0] === 0x1f && firstChunk[1] === 0x8b;
    let decoded: Readable = rest;
    if (gzip) {
      // pipe() does not pass the body's errors on (the size cap, a client gone): without this
      // the gunzip stream would wait for ever.
      const gunzip = createGunzip();
      rest.on("error", (err) => gunzip.destroy(err));
      decoded = unzipped(rest.pipe(gunzip));
    }
    return decoded[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  };

  const head = (): Promise<Buffer> => {
    headDone ??= (async () => {
      content = await start();
      let n = 0;
      while (n < HEAD_BYTES) {
        const next = await content.next();
        if (next.done === true) break;
        buffered.push(next.value);
        n += next.value.length;
      }
      return Buffer.concat(buffered).subarray(0, HEAD_BYTES);
    })();
    return headDone;
  };

  return {
    path,
    site,
    get complete() {
      return gzip;
    },
    sizeOnDisk: null,
    file: null,
    head,
    contentLength: () => Promise.resolve(null),
    open(startAt: number, onDisk?: (bytes: number) => void): Readable {
      const replay = async function* () {
        await head();
        const early = buffered;
        buffered = [];
        for (const b of early) {
          onDisk?.(b.length);
          yield b;
        }
        const it = content;
        if (it === null) return;
        for (;;) {
          const next = await it.next();
          if (next.done === true) return;
          onDisk?.(next.value.length);
          yield next.value;
        }
      };
      return skipBytes(Readable.from(replay(), { objectMode: false }), startAt);
    },
  };
}
