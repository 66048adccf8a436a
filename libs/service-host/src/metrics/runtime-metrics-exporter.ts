/** The stream runtime's hooks, recorded as Prometheus series labelled by processor and partition. */
import type { RuntimeMetrics } from '@riskline/stream-core';
import type { MetricRegistry } from './metric-registry';

export function runtimeMetricsFor(registry: MetricRegistry, processor: string): RuntimeMetrics {
  const labels = (at: { topic: string; partition: number }) => ({
    processor,
    topic: at.topic,
    partition: at.partition,
  });
  return {
    lag: (at, lag) =>
      registry.set('riskline_consumer_lag', 'Records behind the partition end.', labels(at), lag),
    checkpoint: (at, { durationMs, bytes, entries, full }) => {
      registry.observe(
        'riskline_checkpoint_seconds',
        'Checkpoint encode and write time.',
        labels(at),
        durationMs / 1000,
      );
      registry.set('riskline_checkpoint_bytes', 'Size of the last checkpoint written.', labels(at), bytes);
      if (entries !== null && entries !== undefined)
        registry.increment(
          'riskline_checkpoint_entries_total',
          'State entries written by keyed checkpoints (only those changed, or all in a full one).',
          { ...labels(at), full: String(full ?? false) },
          entries,
        );
    },
    checkpointFailed: (at) =>
      registry.increment('riskline_checkpoint_failures_total', 'Checkpoint writes that failed.', labels(at)),
    restore: (at, { durationMs, fromCheckpoint }) =>
      registry.observe(
        'riskline_restore_seconds',
        'Partition claim and state restore time.',
        { ...labels(at), from_checkpoint: String(fromCheckpoint) },
        durationMs / 1000,
      ),
    deadLetter: (at, kind) =>
      registry.increment('riskline_dead_letters_total', 'Records sent to the DLQ, by reason kind.', {
        ...labels(at),
        kind,
      }),
    outcome: (at, outcome, count) =>
      registry.increment(
        'riskline_records_total',
        'Records by outcome beyond applied: late, duplicate, evicted, re_routed, output_dropped; risk: capped (anti-stacking), suppressed (judged false positive), verdict_applied, verdict_unmatched; tagger: entity_excluded:<type>:<reason>.',
        { ...labels(at), outcome },
        count,
      ),
    produceFailed: (at, outputTopic) =>
      registry.increment(
        'riskline_produce_failures_total',
        'Outputs the broker refused for good (their input went to the DLQ as output_refused).',
        { ...labels(at), output_topic: outputTopic },
      ),
    consumerRestart: (at) =>
      registry.increment(
        'riskline_consumer_restarts_total',
        'Consumers kafkajs stopped for good (e.g. no group coordinator during a broker restart), replaced by the runtime.',
        { processor, topic: at.topic },
      ),
    fenced: (at) =>
      registry.increment(
        'riskline_fenced_total',
        'Checkpoint writes refused: another owner is newer.',
        labels(at),
      ),
  };
}
