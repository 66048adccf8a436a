/** MetricRegistry: what the services record is what a Prometheus scrape reads. */
import { MetricRegistry } from './metric-registry';

const seriesOf = (text: string) => text.split('\n').filter((l) => l !== '');

describe('MetricRegistry', () => {
  it('renders counters, gauges and summaries in the Prometheus text format', async () => {
    const r = new MetricRegistry({ processMetrics: false });
    const dlq = { topic: 'soc.events', kind: 'invalid_json' };
    r.increment('riskline_dead_letters_total', 'Records sent to the DLQ.', dlq);
    r.increment('riskline_dead_letters_total', 'Records sent to the DLQ.', dlq, 2);
    r.set('riskline_consumer_lag', 'Records behind.', { partition: 3 }, 42);
    r.set('riskline_consumer_lag', 'Records behind.', { partition: 3 }, 7);
    r.observe('riskline_checkpoint_seconds', 'Checkpoint time.', { partition: 0 }, 0.25);
    r.observe('riskline_checkpoint_seconds', 'Checkpoint time.', { partition: 0 }, 0.5);
    r.increment('riskline_odd_total', 'Escaping.', { reason: 'a "quoted"\nline \\ here' });
    expect(seriesOf(await r.render())).toEqual([
      '# HELP riskline_dead_letters_total Records sent to the DLQ.',
      '# TYPE riskline_dead_letters_total counter',
      'riskline_dead_letters_total{topic="soc.events",kind="invalid_json"} 3',
      '# HELP riskline_consumer_lag Records behind.',
      '# TYPE riskline_consumer_lag gauge',
      'riskline_consumer_lag{partition="3"} 7',
      '# HELP riskline_checkpoint_seconds Checkpoint time.',
      '# TYPE riskline_checkpoint_seconds summary',
      'riskline_checkpoint_seconds_sum{partition="0"} 0.75',
      'riskline_checkpoint_seconds_count{partition="0"} 2',
      '# HELP riskline_odd_total Escaping.',
      '# TYPE riskline_odd_total counter',
      'riskline_odd_total{reason="a \\"quoted\\"\\nline \\\\ here"} 1',
    ]);
  });

  it('adds the process metrics an operator expects, unless told not to', async () => {
    expect(await new MetricRegistry().render()).toMatch(/^process_cpu_seconds_total /m);
    expect(await new MetricRegistry({ processMetrics: false }).render()).not.toMatch(/process_/);
  });

  it('refuses one name used as two kinds', () => {
    const r = new MetricRegistry({ processMetrics: false });
    r.increment('x', 'x');
    expect(() => r.set('x', 'x', {}, 1)).toThrow(/x is a counter, not a gauge/);
  });
});
