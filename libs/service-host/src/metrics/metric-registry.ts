/**
 * The service's Prometheus registry, on prom-client (the client Prometheus' own docs list for
 * Node): counters, gauges and summaries (sum and count, no quantiles) created on first use, with
 * the label names of that first use, plus prom-client's default process metrics (CPU, memory,
 * event-loop lag, GC) that an operator expects of any service. One registry per service
 * instance, never prom-client's global one, so two hosts in one process (tests) do not mix.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry, Summary } from 'prom-client';

export type Labels = Readonly<Record<string, string | number>>;

type Kind = 'counter' | 'gauge' | 'summary';
type Metric = Counter<string> | Gauge<string> | Summary<string>;

export class MetricRegistry {
  private readonly registry = new Registry();
  private readonly metrics = new Map<string, { kind: Kind; metric: Metric }>();

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  private metric(name: string, kind: Kind, help: string, labels: Labels): Metric {
    const known = this.metrics.get(name);
    if (known) {
      if (known.kind !== kind) throw new Error(`metric ${name} is a ${known.kind}, not a ${kind}`);
      return known.metric;
    }
    const config = { name, help, labelNames: Object.keys(labels), registers: [this.registry] };
    const metric =
      kind === 'counter'
        ? new Counter(config)
        : kind === 'gauge'
          ? new Gauge(config)
          : new Summary({ ...config, percentiles: [] });
    this.metrics.set(name, { kind, metric });
    return metric;
  }

  increment(name: string, help: string, labels: Labels = {}, by = 1): void {
    (this.metric(name, 'counter', help, labels) as Counter<string>).inc(labels, by);
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    (this.metric(name, 'gauge', help, labels) as Gauge<string>).set(labels, value);
  }

  observe(name: string, help: string, labels: Labels, value: number): void {
    (this.metric(name, 'summary', help, labels) as Summary<string>).observe(labels, value);
  }

  /** Every series in the text exposition format 0.0.4. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
