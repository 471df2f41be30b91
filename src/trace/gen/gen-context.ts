import type { LineBuffer, Mark } from "./line-buffer.js";
import type { Rng } from "./rng.js";
import type { Endpoint, User, World } from "./scenario.js";

/** What every activity needs: the world, the seeded draws and the line buffer. */
export interface Gen {
  world: World;
  rng: Rng;
  out: LineBuffer;
}

/**
 * Who acts, from where, and how their lines are marked: a user from one of their machines, or the
 * attacker holding the victim's token from a foreign address.
 */
export interface Actor {
  user: User;
  ep: Endpoint;
  mark: Mark;
}

/** `ip:port`, with IPv6 in brackets (dCache socket.remote, billing client). */
export function hostPort(ep: Endpoint, port: number): string {
  return ep.v6 ? `[${ep.ip}]:${port}` : `${ep.ip}:${port}`;
}

/** A client's ephemeral port. */
export function ephemeralPort(g: Gen): number {
  return g.rng.range(32768, 60999);
}
