/**
 * Records/s of a StreamRunner over a topic already holding `total` records: from start until its
 * owned partitions have applied them all (and it owns every partition), then stopped cleanly.
 */
import type { StreamRunner } from '../src/stream-runner';

export async function runnerThroughput(
  runner: StreamRunner<unknown, unknown>,
  total: number,
  partitions: number,
): Promise<number> {
  const t0 = performance.now();
  await runner.start();
  for (;;) {
    const owned = runner.ownedPartitions();
    const applied = [...owned.values()].reduce((n, p) => n + p.nextOffset, 0);
    if (applied >= total && owned.size === partitions) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const perSecond = total / ((performance.now() - t0) / 1000);
  await runner.stop();
  return perSecond;
}
