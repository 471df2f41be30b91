import type { AuditRepository } from "../audit/index.js";
import { AuditRepository as AuditRepo } from "../audit/index.js";
import type { Executor } from "../store/index.js";
import { CatalogueRepository } from "./catalogue/catalogue.repository.js";
import { AssessmentsRepository } from "./versions/assessments.repository.js";
import { VotingRepository } from "./voting/voting.repository.js";
import { MeetingRepository } from "./meeting/meeting.repository.js";

/** The repositories of the Assess domain, built over one executor (database or transaction). */
export interface RiskRepos {
  assessments: AssessmentsRepository;
  catalogue: CatalogueRepository;
  voting: VotingRepository;
  meetings: MeetingRepository;
  audit: AuditRepository;
}

export function riskRepos(db: Executor): RiskRepos {
  return {
    assessments: new AssessmentsRepository(db),
    catalogue: new CatalogueRepository(db),
    voting: new VotingRepository(db),
    meetings: new MeetingRepository(db),
    audit: new AuditRepo(db),
  };
}
