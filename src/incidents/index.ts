/** The public surface of the incidents domain (issue 9). */
export {
  INCIDENT_STATES,
  SEVERITIES,
  TLPS,
  addMonth,
  canMove,
  procedureClock,
  type ClockEntry,
  type Incident,
  type IncidentAction,
  type IncidentState,
  type Severity,
  type Tlp,
} from "./incident.model.js";
export { IncidentsRepository } from "./incidents.repository.js";
export {
  IncidentsService,
  type IncidentRepos,
  type IncidentView,
  type LinkedBan,
} from "./incidents.service.js";
export { registerIncidentRoutes } from "./incidents.routes.js";
