/**
 * The risk state's keyed checkpoints: a checkpoint writes exactly the entities changed since the
 * last one, and a store that applied every checkpoint's changes restores the state the whole
 * snapshot would — through contributions, expiry, eviction and restore.
 */
import { topicNames, type RiskContribution } from '@riskline/contracts';
import {
  applyRecords,
  checkpointWrite,
  decodeCheckpoint,
  encodeCheckpoint,
  freshProgress,
} from '@riskline/stream-core';
import { accumulate, encodeRiskState, expireEntities, type RiskState } from './accumulator';
import { parseRiskSettings } from './risk-policy';
import { riskProcessor } from './risk-processor';

const T0 = Date.UTC(2026, 0, 1);
const H = 3_600_000;
const settings = parseRiskSettings(`max_open_entities: 50
policies:
  - {name: score, window: 24h, score_threshold: 1000, cooldown: 1h}
`);
const processor = riskProcessor(topicNames(), settings);
const codec = processor.snapshot;

let seq = 0;
function contribution(user: string, timeMs: number): RiskContribution {
  seq++;
  return {
    schema_version: 1,
    contribution_id: `00000000-0000-5000-8000-${String(seq).padStart(12, '0')}`,
    detection_id: '00000000-0000-5000-8000-000000000000',
    entity_type: 'user',
    entity_value: user,
    event_time: new Date(timeMs).toISOString(),
    score: 10,
    confidence: 1,
    rule_id: `rule-${seq % 7}`,
    rule_version: 1,
    level: 'high',
    tactics: ['discovery'],
    techniques: [],
  };
}

/** A store applying checkpoints as the Redis script does. */
class EntryStore {
  body: Buffer | null = null;
  readonly entries = new Map<string, string>();
  write(w: ReturnType<typeof checkpointWrite>) {
    this.body = w.body;
    if (!w.entries || w.entries.full) this.entries.clear();
    for (const [k, e] of w.entries?.upserts ?? []) this.entries.set(k, e);
    for (const k of w.entries?.deletes ?? []) this.entries.delete(k);
  }
}

const view = (state: RiskState) => JSON.parse(JSON.stringify(encodeRiskState(state)));

describe('risk keyed checkpoints', () => {
  it('write only the entities touched since the last checkpoint', () => {
    const progress = freshProgress(processor.createState(0), 0);
    for (const user of ['a', 'b', 'c']) accumulate(progress.state, settings, contribution(user, T0), T0, T0);
    const first = checkpointWrite(codec, progress, true);
    expect(first.entries!.upserts.map(([k]) => k).sort()).toEqual(['user:a', 'user:b', 'user:c']);
    accumulate(progress.state, settings, contribution('b', T0 + 1000), T0 + 1000, T0 + 1000);
    const delta = checkpointWrite(codec, progress, false);
    expect(delta.entries).toEqual(expect.objectContaining({ full: false, deletes: [] }));
    expect(delta.entries!.upserts.map(([k]) => k)).toEqual(['user:b']);
    expect(checkpointWrite(codec, progress, false).entries!.upserts).toEqual([]);
  });

  it('restore from applied deltas what the whole snapshot restores, through expiry and eviction', () => {
    const progress = freshProgress(processor.createState(0), 0);
    const store = new EntryStore();
    let now = T0;
    let rng = 7;
    const next = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) >> 8;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 25; i++) {
        now += next() % (10 * 60_000);
        accumulate(progress.state, settings, contribution(`u${next() % 80}`, now), now, now);
      }
      if (round % 5 === 4) expireEntities(progress.state, settings, now + 30 * H * (round % 2));
      progress.nextOffset += 25;
      store.write(checkpointWrite(codec, progress, round === 0));
      const restored = decodeCheckpoint(codec, store.body!, 0, store.entries);
      expect(restored.ok).toBe(true);
      if (restored.ok) expect(view(restored.progress.state)).toEqual(view(progress.state));
    }
    expect(store.entries.size).toBe(progress.state.entities.size);
    expect(progress.state.counters.evicted).toBeGreaterThan(0);
  });

  it('restore a whole-state (format 1) checkpoint written before keyed ones existed', () => {
    const progress = freshProgress(processor.createState(0), 12);
    accumulate(progress.state, settings, contribution('a', T0), T0, T0);
    const restored = decodeCheckpoint(codec, encodeCheckpoint(codec, progress), 0);
    expect(restored.ok && view(restored.progress.state)).toEqual(view(progress.state));
    expect(restored.ok && restored.progress.nextOffset).toBe(12);
  });

  it('refuse a malformed entry with its key instead of restoring a wrong state', () => {
    const progress = freshProgress(processor.createState(0), 0);
    const body = checkpointWrite(codec, progress, true).body;
    expect(decodeCheckpoint(codec, body, 0, [['user:a', 'garbage']])).toEqual(
      expect.objectContaining({
        ok: false,
        reason: 'snapshot does not decode: entity user:a: malformed checkpoint entry',
      }),
    );
  });
});

describe('risk records', () => {
  const record = (key: string | null, value: unknown, offset: number) => ({
    topic: 'soc.risk.contributions',
    partition: 0,
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    timestamp: String(T0),
    headers: {},
  });

  it('refuses a contribution or verdict keyed by another entity, naming both', () => {
    const progress = freshProgress(processor.createState(0), 0);
    const verdict = {
      schema_version: 1,
      control: 'incident_verdict',
      risk_incident_id: '00000000-0000-5000-8000-0000000000aa',
      policy: 'score',
      entity_type: 'user',
      entity_value: 'victim',
      verdict: 'false_positive',
      incident_time: new Date(T0).toISOString(),
      analyst: 'mallory',
    };
    const { outputs, deadLetters, counted } = applyRecords(processor, progress, [
      record('user:other', contribution('a', T0), 0),
      record('user:attacker', verdict, 1),
      record('user:a', contribution('a', T0), 2),
      record('user:victim', verdict, 3),
    ]);
    expect(deadLetters).toEqual(['schema_violation', 'schema_violation']);
    const letters = outputs.filter((o) => o.topic === 'soc.risk.contributions.dlq');
    expect(letters.map((d) => (d.value as { reason: { message: string } }).reason.message)).toEqual([
      "key 'user:other' is not the record's entity 'user:a'",
      "key 'user:attacker' is not the record's entity 'user:victim'",
    ]);
    // The well-keyed verdict names an entity the accumulator does not hold: counted, nothing made.
    expect(counted.get('verdict_unmatched')).toBe(1);
    expect(progress.state.entities.keys()).toEqual(['user:a']);
  });
});
