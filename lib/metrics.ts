import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics (GET /metrics when TESSERA_METRICS=1). Observing costs a
 * map update, so the hot paths always record; only serving them is optional.
 */
const globalForMetrics = globalThis as unknown as { tesseraMetrics?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tessera_process_" });
  return {
    registry,
    requests: new Counter({
      name: "tessera_http_requests_total",
      help: "Requests answered, by endpoint and outcome",
      labelNames: ["endpoint", "outcome"] as const,
      registers: [registry],
    }),
    latency: new Histogram({
      name: "tessera_http_request_duration_seconds",
      help: "Time from request to response, by endpoint",
      labelNames: ["endpoint"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    auditQueueDepth: new Gauge({ name: "tessera_audit_queue_depth", help: "Audit events waiting for their group commit", registers: [registry] }),
    auditBatchSize: new Histogram({
      name: "tessera_audit_batch_size",
      help: "Events committed per audit group commit",
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    }),
    auditRejected: new Counter({ name: "tessera_audit_queue_rejected_total", help: "Requests refused with 503 because the audit queue was full", registers: [registry] }),
    databaseStatements: new Counter({
      name: "tessera_db_statements_total",
      help: "Statements sent to the database (reads, writes, transaction control)",
      registers: [registry],
    }),
    databaseErrors: new Counter({
      name: "tessera_database_errors_total",
      help: "Database errors seen by request handlers, by kind",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    rememberedReads: new Counter({
      name: "tessera_remembered_reads_total",
      help: "Reads of the OAuth endpoints answered from rows read before (hit) or from the database (miss)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
  };
}

export function metrics() {
  globalForMetrics.tesseraMetrics ??= createMetrics();
  return globalForMetrics.tesseraMetrics;
}
