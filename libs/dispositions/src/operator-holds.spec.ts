/**
 * Operators' holds inside the store's partition loop, driven through the runtime's applyRecords
 * as the service runs it: relayed rule states withhold auto-clip records and their lifting
 * (tombstone, expiry, another origin) resumes them; the relay processor turns soc.rule-state
 * records and tombstones into the control records, refusing one keyed by another rule.
 */
import { topicNames, type RuleState } from '@riskline/contracts';
import {
  applyRecords,
  freshProgress,
  type InputRecord,
  type Output,
  type PartitionProgress,
} from '@riskline/stream-core';
import { ruleStateRelayProcessor } from './rule-state-relay-processor';
import { TEST_SETTINGS } from './testing/verdict-store-worker';
import type { DispositionState } from './verdict-store';
import { verdictStoreProcessor, type ByRuleRecord } from './verdict-store-processor';

const topics = topicNames({});
const T0 = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

function input(topic: string, key: string, value: object | null, minutes = 0, offset = 0): InputRecord {
  return {
    topic,
    partition: 0,
    offset: String(offset),
    key: Buffer.from(key),
    value: value === null ? null : Buffer.from(JSON.stringify(value)),
    timestamp: String(T0 + minutes * MIN),
    headers: {},
  };
}

const verdict = (n: number, minutes: number, rule = 'r1') => ({
  schema_version: 1,
  rule_id: rule,
  verdict: 'false_positive',
  timestamp: at(minutes),
  dedup_key: `k-${rule}-${n}`,
  origin: { scope: 'detection', fingerprint: `f-${n}`, analyst: 'ana' },
});

const operatorState = (minutes: number, extra: Partial<RuleState> = {}): RuleState => ({
  schema_version: 1,
  rule_id: 'r1',
  state: 'disabled',
  reason: 'investigating',
  set_by: 'ana',
  set_at: at(minutes),
  origin: 'operator',
  ...extra,
});

const relay = (state: RuleState | null, minutes: number) => ({
  schema_version: 1,
  control: 'rule_state',
  rule_id: 'r1',
  state,
  relayed_at: at(minutes),
});

class Store {
  readonly processor = verdictStoreProcessor(topics, TEST_SETTINGS);
  readonly progress: PartitionProgress<DispositionState> = freshProgress(this.processor.createState(0), 0);
  private offset = 0;

  feed(value: object, minutes: number): Output[] {
    return applyRecords(this.processor, this.progress, [
      input(topics.dispositionsByRule, 'r1', value, minutes, this.offset++),
    ]).outputs;
  }
}

const ruleStates = (outputs: readonly Output[]) =>
  outputs.filter((o) => o.topic === topics.ruleState).map((o) => o.value as RuleState);

describe('operator holds in the verdict store', () => {
  it('withholds auto-clip while an operator state holds and resumes it on the tombstone', () => {
    const store = new Store();
    expect(store.feed(relay(operatorState(0), 0), 0)).toEqual([]);
    const whileHeld = [1, 2, 3, 4].flatMap((n) => store.feed(verdict(n, n), n));
    expect(whileHeld.some((o) => o.topic === topics.ruleScorecards)).toBe(true);
    expect(ruleStates(whileHeld)).toEqual([]);
    expect(store.progress.state.rules.get('r1')?.clipped).toBe(true);

    const lifted = ruleStates(store.feed(relay(null, 5), 5));
    expect(lifted).toHaveLength(1);
    expect(lifted[0]).toMatchObject({ state: 'clipped', origin: 'auto_clip', set_at: at(5) });
    expect(lifted[0]!.reason).toMatch(/^auto-clip resumed after the operator's state was lifted; auto-clip:/);
  });

  it('resumes when the hold expires in event time, before the next verdict is counted', () => {
    const store = new Store();
    store.feed(relay(operatorState(0, { expires_at: at(10) }), 0), 0);
    [1, 2, 3, 4].forEach((n) => store.feed(verdict(n, n), n));
    const after = ruleStates(store.feed(verdict(5, 11), 11));
    expect(after).toHaveLength(1);
    expect(after[0]!.reason).toMatch(/^auto-clip resumed/);
    expect(store.progress.state.operator.get('r1')).toBeUndefined();
  });

  it('resumes nothing for a rule the store does not hold clipped', () => {
    const store = new Store();
    store.feed(relay(operatorState(0), 0), 0);
    expect(ruleStates(store.feed(relay(null, 1), 1))).toEqual([]);
  });

  it('lets the store’s own clip record end a hold without re-issuing it', () => {
    const store = new Store();
    store.feed(relay(operatorState(0), 0), 0);
    [1, 2, 3, 4].forEach((n) => store.feed(verdict(n, n), n));
    const own = {
      ...operatorState(5),
      state: 'clipped' as const,
      confidence_max: 0.2,
      origin: 'auto_clip' as const,
    };
    expect(ruleStates(store.feed(relay(own, 5), 5))).toEqual([]);
    expect(store.progress.state.operator.get('r1')).toBeUndefined();
  });

  it('keeps the holds in its snapshot', () => {
    const store = new Store();
    store.feed(relay(operatorState(0), 0), 0);
    const { snapshot } = store.processor;
    const restored = snapshot.decode(
      JSON.parse(JSON.stringify(snapshot.encode(store.progress.state))),
      0,
      null,
    );
    expect(restored.operator.heldByOperator('r1', T0 + MIN)).toBe(true);
  });

  it('refuses a control record that is not a valid relay, naming the field', () => {
    const store = new Store();
    const result = applyRecords(store.processor, store.progress, [
      input(topics.dispositionsByRule, 'r1', { ...relay(null, 0), relayed_at: 'yesterday' }),
    ]);
    expect(result.deadLetters).toEqual(['schema_violation']);
  });
});

describe('rule-state relay', () => {
  const processor = ruleStateRelayProcessor(topics);
  const run = (record: InputRecord) =>
    applyRecords(processor, freshProgress(processor.createState(0), 0), [record]);

  it('relays a record keyed by its rule, with its set_at as the time', () => {
    const { outputs } = run(input(topics.ruleState, 'r1', operatorState(3), 3));
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ topic: topics.dispositionsByRule, key: 'r1' });
    expect(outputs[0]!.value).toEqual(relay(operatorState(3), 3));
  });

  it('relays a tombstone as a null state at its Kafka timestamp', () => {
    const { outputs } = run(input(topics.ruleState, 'r1', null, 7));
    expect(outputs[0]!.value).toEqual(relay(null, 7));
  });

  it('refuses a record whose key is another rule', () => {
    const { outputs, deadLetters } = run(input(topics.ruleState, 'r2', operatorState(0)));
    expect(deadLetters).toEqual(['schema_violation']);
    expect(outputs[0]!.topic).toBe(`${topics.ruleState}.dlq`);
  });

  it('relays what the store decodes', () => {
    const store = verdictStoreProcessor(topics, TEST_SETTINGS);
    const { outputs } = run(input(topics.ruleState, 'r1', operatorState(0)));
    const decoded = store.decode(input(topics.dispositionsByRule, 'r1', outputs[0]!.value as object));
    expect(decoded.ok && (decoded.value as ByRuleRecord)).toMatchObject({ control: 'rule_state' });
  });
});
