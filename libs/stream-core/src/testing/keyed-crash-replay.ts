/**
 * A keyed snapshot's crash ordeal in memory, for a processor's unit tests: a `Map` stands for
 * the checkpoint's Redis hash and receives exactly what an incremental write sends. The real
 * broker and Redis ordeals (stream-runtime's ownership scenario) test the runtime; this tests
 * that a state marks every change, quickly and for many crash points.
 */
import type { KeyedSnapshot } from '../processor';

/** Applies one incremental checkpoint to `store`; the rest comes back as a restore would read it. */
export function writeKeyedCheckpoint<S>(
  keyed: KeyedSnapshot<S>,
  state: S,
  store: Map<string, string>,
): { rest: unknown; written: number } {
  let written = 0;
  for (const key of keyed.takeChanged(state)) {
    const entry = keyed.entry(state, key);
    if (entry === undefined) store.delete(key);
    else store.set(key, entry);
    written++;
  }
  return { rest: JSON.parse(JSON.stringify(keyed.rest(state))), written };
}

/**
 * Steps 0 … length−1 with a checkpoint before every `checkpointEvery`-th; at each step in
 * `crashAt` the state is lost, restored from the store, and the steps since the checkpoint run
 * again — their outputs already collected are dropped, as a transactional sink's would be.
 */
export function runWithCrashes<S, O>(spec: {
  readonly keyed: KeyedSnapshot<S>;
  readonly createState: () => S;
  readonly length: number;
  readonly checkpointEvery: number;
  readonly crashAt: Iterable<number>;
  readonly step: (state: S, i: number) => readonly O[];
}): { state: S; outputs: O[] } {
  let state = spec.createState();
  const store = new Map<string, string>();
  const outputs: O[] = [];
  const crashes = new Set(spec.crashAt);
  let rest: unknown = null;
  let checkpointedAt = 0;
  let checkpointOutputs = 0;
  for (let i = 0; i < spec.length; i++) {
    if (crashes.delete(i)) {
      state = spec.keyed.decode(rest, new Map(store), 0, null);
      outputs.length = checkpointOutputs;
      i = checkpointedAt;
    }
    if (i % spec.checkpointEvery === 0) {
      rest = writeKeyedCheckpoint(spec.keyed, state, store).rest;
      checkpointedAt = i;
      checkpointOutputs = outputs.length;
    }
    outputs.push(...spec.step(state, i));
  }
  return { state, outputs };
}
