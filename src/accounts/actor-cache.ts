import { hash } from "node:crypto";
import type { Clock } from "../core/clock.js";
import type { Actor } from "./roles.js";

/**
 * Who an API token belongs to, remembered for a few seconds, so that a site asking for
 * thousands of decisions a second is not looked up in the store on every request (the look-up
 * cost two thirds of a decision). Entries are keyed by the SHA-256 of the presented token, never
 * the token. Any change to users or tokens on this instance empties the cache at once; changes
 * made on another instance take effect here within `ttlMs` (5 s by default).
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  /** Bumped by every clear(): a look-up that began before a change must not be remembered. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 5000,
    private readonly max = 10_000,
  ) {}

  static key(rawToken: string): string {
    return hash("sha256", rawToken, "base64url");
  }

  get(key: string): Actor | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.until <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.actor;
  }

  /** Call before looking a token up in the store; hand the result to `set`. */
  begin(): number {
    return this.generation;
  }

  set(key: string, actor: Actor, begun: number): void {
    if (this.ttlMs <= 0 || begun !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { actor, until: this.clock.now().getTime() + this.ttlMs });
  }

  /** A user or token changed: forget everyone. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
