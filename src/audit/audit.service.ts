import { authorize, type Actor } from "../accounts/index.js";
import type { TxRunner } from "../store/index.js";
import type { AuditRepository } from "./audit.repository.js";
import { ChainVerifier, type ChainVerdict, type ChainedEntry } from "./hash-chain.js";

export interface AuditRepos {
  audit: AuditRepository;
}

/** Reading and verifying the audit chain. Appends happen inside each domain's own writes. */
export class AuditService {
  constructor(private readonly tx: TxRunner<AuditRepos>) {}

  async verify(actor: Actor): Promise<ChainVerdict> {
    authorize(actor, "audit:read");
    return this.tx.read(async ({ audit }) => {
      const verifier = new ChainVerifier();
      for await (const entry of audit.all()) if (!verifier.push(entry)) break;
      return verifier.result();
    });
  }

  async list(
    actor: Actor,
    filter: { target?: string | undefined; limit: number; beforeSeq?: number | undefined },
  ): Promise<ChainedEntry[]> {
    authorize(actor, "audit:read");
    return this.tx.read(({ audit }) => audit.list(filter));
  }
}
