import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Distinct operation names a service labels its request series with. Clients choose operation
 * names (and the gateway derives subgraph ones from them), so a client sending a fresh name per
 * request would otherwise add series, and memory, without end; beyond this many it counts as
 * `other`. The web app's own operations number a few dozen.
 */
export const MAX_OPERATION_LABELS = 200;

/** Prometheus metrics for one service: one registry, the same names in every service. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation'>;
  readonly latency: Histogram<'operation'>;
  readonly errors: Counter<'code'>;
  readonly denied: Counter<'reason'>;
  readonly batchSize: Histogram<'loader'>;
  readonly subgraphFetch: Histogram<'subgraph'>;
  private readonly operations = new Set<string>();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'care_requests_total',
      help: 'GraphQL requests',
      labelNames: ['operation'],
      registers,
    });
    this.latency = new Histogram({
      name: 'care_request_seconds',
      help: 'GraphQL request latency',
      labelNames: ['operation'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.errors = new Counter({
      name: 'care_errors_total',
      help: 'GraphQL errors by code',
      labelNames: ['code'],
      registers,
    });
    this.denied = new Counter({
      name: 'care_denied_fields_total',
      help: 'Fields denied by reason',
      labelNames: ['reason'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'care_dataloader_batch_size',
      help: 'Keys per DataLoader batch',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250],
      registers,
    });
    this.subgraphFetch = new Histogram({
      name: 'care_subgraph_fetch_seconds',
      help: 'Gateway fetch latency per subgraph',
      labelNames: ['subgraph'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** The `operation` label for a request: its own name while the bound allows, else `other`. */
  operationLabel(name: string): string {
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }
}
