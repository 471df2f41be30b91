import { authorize, can, type Actor } from "../../accounts/index.js";
import { NotFoundError } from "../../core/errors.js";
import type { Stream } from "./stream.model.js";
import type { StreamsRepository } from "./streams.repository.js";

/**
 * The stream `id` if the actor may manage it: a site only its own, an admin any. Someone
 * else's stream is reported as missing, so stream ids cannot be probed.
 */
export async function accessibleStream(
  streams: StreamsRepository,
  actor: Actor,
  id: string,
): Promise<Stream> {
  authorize(actor, "stream:manage", `stream:${id}`);
  const stream = await streams.get(id);
  if (stream === undefined || !mayManage(actor, stream)) throw new NotFoundError("stream", id);
  return stream;
}

export function mayManage(actor: Actor, stream: Stream): boolean {
  return stream.ownerId === actor.userId || can(actor, "stream:manage-any");
}
