/**
 * A fixed, single-threaded JavaScript workload that does not depend on TTT's code: serialise
 * 200,000 log-event-like objects to JSON and parse them back (the kind of work the ingest parse
 * worker does), best of five passes. bench:ingest runs it in a child process before and after
 * the SQLite ingest, so a figure can be read against how fast the machine was in the same run:
 * these machines are shared, and the same code has run 1.5× slower from one hour to the next.
 * The data is built from a fixed seed, so the work is the same in every run.
 *
 * Run: node --import tsx bench/yardstick.ts   (prints the best pass in ms)
 */
import { pathToFileURL } from "node:url";
import { prng } from "../src/core/prng.js";

const N = 200_000;
const PASSES = 5;

/** The workload's data: 200,000 arrays shaped like stored events, the same in every run. */
export function yardstickData(): object[] {
  const rand = prng(424242);
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  return Array.from({ length: N }, (_, i) => [
    0,
    `site-0${1 + (i % 5)}`,
    null,
    "dcache",
    i % 3 === 0 ? "storage.get" : "storage.transfer",
    "success",
    "https://iam.example.org/",
    uuid(),
    uuid(),
    i % 4 === 0 ? null : uuid(),
    ["/vo", "/vo/users"],
    `user${String(i % 2000).padStart(4, "0")}`,
    "path",
    `/pnfs/example.org/data/vo/run${i % 977}/file-${hex(6)}.root`,
    `192.0.2.${i % 250}`,
    `session:door:WebDAV-${hex(4)}@webdavDomain:${hex(8)}`,
    1725239017 + i,
    {
      method: "GET",
      status: 200,
      duration: i % 5000,
      userAgent: "gfal2-util/1.8.1",
      bytes: i * 37,
    },
  ]);
}

/** The best of PASSES passes of stringify + parse over the data, in ms. */
export function yardstickMs(data: readonly object[]): number {
  let best = Infinity;
  for (let p = 0; p < PASSES; p++) {
    const t = performance.now();
    let n = 0;
    for (const x of data) n += (JSON.parse(JSON.stringify(x)) as unknown[]).length;
    const ms = performance.now() - t;
    if (n !== data.length * 18) throw new Error("yardstick: wrong round trip");
    best = Math.min(best, ms);
  }
  return best;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${yardstickMs(yardstickData()).toFixed(1)}\n`);
}
