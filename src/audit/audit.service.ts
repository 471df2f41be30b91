import { authorize, type Actor } from "../accounts/index.js";
import type { TxRunner } from "../store/index.js";
import type { AuditRepository } from "./audit.repository.js";
import { ChainVerifier, type ChainVerdict, type ChainedEntry } from "./hash-chain.js";

export interface AuditRepos {
  audit: AuditRepository;
}

/** An audit entry as the API shows it: before/after decoded, hashes kept for checking by hand. */
export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

function presentEntry(e: ChainedEntry): AuditEntryView {
  const decode = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target,
    before: decode(e.before),
    after: decode(e.after),
    prevHash: e.prev_hash,
    hash: e.hash,
  };
}

/** Reading and verifying the audit chain. Appends happen inside each domain's own writes. */
export class AuditService {
  constructor(private readonly tx: TxRunner<AuditRepos>) {}

  async verify(actor: Actor): Promise<ChainVerdict> {
    authorize(actor, "audit:read");
    return this.tx.read(async ({ audit }) => {
      const verifier = new ChainVerifier();
      for await (const entry of audit.all()) if (!verifier.push(entry)) break;
      const verdict = verifier.result();
      // Entries cut from the end leave a valid but shorter chain: the head row still remembers.
      const head = await audit.head();
      if (
        verdict.ok &&
        head !== undefined &&
        (head.seq !== verdict.entries || head.hash !== verdict.head)
      ) {
        return {
          ok: false,
          entries: verdict.entries,
          brokenAt: verdict.entries + 1,
          problem: `the chain ends at entry ${verdict.entries} but its head records entry ${head.seq} (entries removed from the end)`,
        };
      }
      return verdict;
    });
  }

  async list(
    actor: Actor,
    filter: { target?: string | undefined; limit: number; beforeSeq?: number | undefined },
  ): Promise<AuditEntryView[]> {
    authorize(actor, "audit:read");
    return this.tx.read(async ({ audit }) => (await audit.list(filter)).map(presentEntry));
  }
}
