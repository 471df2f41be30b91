/**
 * SSF 1.0 §8.1.3 subjects and §8.1.4 verification. Subjects are recorded but informational:
 * every TTT stream carries every ban (a site enforces the whole list), so adding or removing a
 * subject changes nothing that is delivered. A verification event is queued like any SET and
 * goes out the same way (poll or push), so it proves the whole path.
 */
import { randomUUID } from "node:crypto";
import type { Actor } from "../../accounts/index.js";
import { ConflictError, NotFoundError, TttError } from "../../core/errors.js";
import { parseInput } from "../../core/validation.js";
import type { FeedCore } from "./feed-core.js";
import { accessibleStream } from "./stream-access.js";
import { SubjectBody, VerifyBody } from "./stream.schema.js";
import { VERIFICATION_EVENT } from "./stream.model.js";

export class StreamSignalsService {
  constructor(private readonly core: FeedCore) {}

  async addSubject(actor: Actor, input: unknown): Promise<void> {
    const body = parseInput(SubjectBody, input, "invalid subject", "body");
    await this.core.tx.write(async (r) => {
      await accessibleStream(r.streams, actor, body.stream_id);
      await r.streams.addSubject(
        body.stream_id,
        canonical(body.subject),
        body.subject,
        body.verified ?? true,
        this.core.clock.now().toISOString(),
      );
    });
  }

  async removeSubject(actor: Actor, input: unknown): Promise<void> {
    const body = parseInput(SubjectBody, input, "invalid subject", "body");
    await this.core.tx.write(async (r) => {
      await accessibleStream(r.streams, actor, body.stream_id);
      if (!(await r.streams.removeSubject(body.stream_id, canonical(body.subject))))
        throw new NotFoundError("subject of stream", body.stream_id);
    });
  }

  /**
   * Queues a verification event carrying the receiver's `state`. Refused (429) sooner than
   * `min_verification_interval` after the previous one.
   */
  async verify(actor: Actor, input: unknown): Promise<void> {
    const body = parseInput(VerifyBody, input, "invalid verification request", "body");
    const now = this.core.clock.now();
    await this.core.tx.write(async (r) => {
      const stream = await accessibleStream(r.streams, actor, body.stream_id);
      if (stream.status === "disabled")
        throw new ConflictError("stream_disabled", `stream '${stream.streamId}' is disabled`);
      const last =
        stream.lastVerificationAt === null ? null : Date.parse(stream.lastVerificationAt);
      const wait = last === null ? 0 : last + stream.minVerificationInterval * 1000 - now.getTime();
      if (wait > 0) {
        throw new TttError(
          "too_many_requests",
          429,
          `stream '${stream.streamId}' was verified less than ${stream.minVerificationInterval} s ago; retry in ${Math.ceil(wait / 1000)} s`,
        );
      }
      const jti = (this.core.queueContext.newJti ?? randomUUID)();
      const claims = {
        iss: this.core.issuer,
        iat: Math.floor(now.getTime() / 1000),
        jti,
        aud: stream.aud,
        sub_id: { format: "opaque", id: stream.streamId },
        events: { [VERIFICATION_EVENT]: body.state === undefined ? {} : { state: body.state } },
      };
      const at = now.toISOString();
      await r.queue.add(
        [
          {
            streamId: stream.streamId,
            dedupeKey: `verify:${jti}`,
            jti,
            seq: null,
            banId: null,
            eventType: VERIFICATION_EVENT,
            claims,
          },
        ],
        at,
      );
      stream.lastVerificationAt = at;
      await r.streams.save(stream);
    });
    this.core.signal.wake();
  }
}

/** Member order does not make two subjects different. */
function canonical(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}
