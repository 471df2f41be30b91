import type { Clock } from "../core/clock.js";
import type { IdSource } from "../core/ids.js";
import { txRunner, type Store } from "../store/index.js";
import { CatalogueService } from "./catalogue/catalogue.service.js";
import { RowsService } from "./catalogue/rows.service.js";
import { ChecksService } from "./checks/checks.service.js";
import { ImportService } from "./import/import.service.js";
import { MethodologyService } from "./methodology/methodology.service.js";
import { MeetingService } from "./meeting/meeting.service.js";
import { RiskEvents } from "./risk.events.js";
import { riskRepos } from "./risk.repos.js";
import { ReportService } from "./report/report.service.js";
import { transferRepos } from "./transfer/index.js";
import { VersionsService } from "./versions/versions.service.js";
import { SettleService } from "./voting/settle.service.js";
import { VotingService } from "./voting/voting.service.js";

/** The Assess services, sharing one transaction runner over the risk repositories. */
export class RiskServices {
  readonly methodologies: MethodologyService;
  readonly versions: VersionsService;
  readonly catalogue: CatalogueService;
  readonly rows: RowsService;
  readonly voting: VotingService;
  readonly settle: SettleService;
  readonly checks: ChecksService;
  readonly reports: ReportService;
  readonly imports: ImportService;
  /** Announces committed changes per assessment (the meeting rooms listen). */
  readonly events = new RiskEvents();
  readonly meetings: MeetingService;

  constructor(store: Pick<Store, "db" | "dialect">, clock: Clock, ids: IdSource) {
    const deps = { tx: this.events.wrap(txRunner(store, riskRepos)), clock, ids };
    this.meetings = new MeetingService({ risk: this, tx: deps.tx, clock });
    this.methodologies = new MethodologyService(deps);
    this.versions = new VersionsService(deps);
    this.catalogue = new CatalogueService(deps);
    this.rows = new RowsService(deps);
    this.voting = new VotingService(deps);
    this.settle = new SettleService(deps);
    this.checks = new ChecksService(deps);
    this.reports = new ReportService(deps);
    // TTT exports always create a new assessment (no meeting room to tell), hence a plain runner.
    this.imports = new ImportService({
      ...deps,
      methodologies: this.methodologies,
      transferTx: txRunner(store, transferRepos),
    });
  }
}
