/**
 * Outputs that update a table — a compacted topic whose readers want each key's latest value —
 * are superseded by a later output for the same key in the same batch: only the last is worth
 * producing. A processor names such outputs by a table key (`PartitionedProcessor.tableKey`);
 * every other output is produced as it is.
 *
 * Invariant: the result keeps every output without a table key and, for each table key, its
 * last output, all in their original order; `sources` stays parallel to `outputs`. Which
 * intermediate values a table sees then depends on batch boundaries; its last value per key
 * never does.
 */
import type { InputRecord, Output } from './processor';

export interface CoalescedOutputs {
  readonly outputs: Output[];
  readonly sources: (InputRecord | null)[];
  /** Outputs left out because a later one in the batch updates the same key. */
  readonly superseded: number;
}

export function keepLastPerTableKey(
  outputs: readonly Output[],
  sources: readonly (InputRecord | null)[],
  tableKey: (output: Output) => string | null,
): CoalescedOutputs {
  const seen = new Set<string>();
  const keep: boolean[] = new Array<boolean>(outputs.length);
  let superseded = 0;
  for (let i = outputs.length - 1; i >= 0; i--) {
    const key = tableKey(outputs[i]!);
    if (key === null) keep[i] = true;
    else if (seen.has(key)) {
      keep[i] = false;
      superseded++;
    } else {
      seen.add(key);
      keep[i] = true;
    }
  }
  if (superseded === 0) return { outputs: [...outputs], sources: [...sources], superseded };
  return {
    outputs: outputs.filter((_, i) => keep[i]),
    sources: sources.filter((_, i) => keep[i]),
    superseded,
  };
}
