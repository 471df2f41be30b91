export {
  IngestService,
  type IngestOptions,
  type ProgressListener,
} from "./ingest/ingest.service.js";
export { addFormatTallies, type IngestSummary } from "./ingest/ingest.summary.js";
export { SEGMENT_EVENTS } from "./ingest/parse-run.js";
export { CheckpointsRepository } from "./ingest/checkpoints.repository.js";
export { SegmentsRepository } from "./ingest/segments.repository.js";
export { RunsRepository, type IngestRepos } from "./ingest/runs.repository.js";
export { fileSources, type LogSource } from "./ingest/log-source.js";
export { streamSource } from "./ingest/stream-source.js";
export { EventsRepository, type StoredEvent } from "./events/events.repository.js";
export { IdentitiesRepository, type IdentityCoverage } from "./events/identities.repository.js";
export { registerIngestRoutes } from "./ingest.routes.js";
export { RetentionService } from "./retention/retention.service.js";
export { IngestQuery, IngestFlags } from "./ingest.schema.js";
export { LOG_FORMATS, detectFormat, formatModule, type LogFormat } from "./parsers/index.js";
export type { TraceEvent, ParsedEvent, Component } from "./events/trace-event.js";
export { TraceService } from "./query/trace.service.js";
export { registerTraceRoutes } from "./query/trace.routes.js";
export { TraceRequest } from "./query/trace.schema.js";
export { TRACE_FORMATS, renderTrace, type TraceFormat } from "./query/formats/trace-formats.js";
export { cell as terminalSafe } from "./query/formats/text-table.js";
export {
  csvField,
  eventSentence,
  flatEvent,
  isoTime,
  type FlatEvent,
} from "./query/formats/event-fields.js";
export { parseGenLogsOptions, type GenLogsOptions } from "./gen/gen-logs.schema.js";
export { generateLogs, type GenLogsResult } from "./gen/gen-logs.service.js";
export {
  TRACE_BY,
  type TraceBy,
  type TraceQuery,
  type TraceResult,
  type TraceToken,
  type TraceLink,
  type TimelineEvent,
} from "./query/trace-result.js";
export { AlertsService, type AlertRun } from "./alerts/alerts.service.js";
export { AlertsRepository } from "./alerts/alerts.repository.js";
export { registerAlertRoutes } from "./alerts/alerts.routes.js";
export { AlertsQuery } from "./alerts/alerts.schema.js";
export { ALERT_KINDS, type Alert, type AlertKind } from "./alerts/alert.model.js";
export { WebhookNotifier, parseWebhookUrl } from "./alerts/webhook.js";
