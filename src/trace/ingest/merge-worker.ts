import { parentPort } from "node:worker_threads";
import { mergeBucket } from "../index-keys/key-blocks.js";
import type { MergeReply, MergeRequest } from "./bucket-merger.js";

/**
 * The postings merge's second thread (bucket-merger.ts): merges the buckets it is sent into key
 * blocks (mergeBucket, pure CPU work) while the writer merges the others.
 */
const port = parentPort;
if (port === null) throw new Error("merge-worker must run in a worker thread");
port.on("message", (m: MergeRequest) => {
  let reply: MergeReply;
  try {
    reply = {
      id: m.id,
      merged: m.buckets.map((b) => ({ bucket: b.bucket, blocks: mergeBucket(b.rows, m.first) })),
    };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
