import {
  eventTimeMs,
  validatePlain,
  DispositionSchema,
  type Disposition,
  type RiskIncident,
  type RuleDisposition,
} from '@riskline/contracts';
import { expandDisposition } from './expansion';
import { IncidentIndex } from './incident-index';
import { parseDispositionSettings, type DispositionSettings } from './settings';
import {
  countVerdict,
  emptyDispositionState,
  expireVerdicts,
  type DispositionState,
  type StoreOutput,
} from './verdict-store';
import { decodeDispositionState, encodeDispositionState } from './verdict-store-snapshot';
import { incidentFixture, verdictFixture } from './testing/fixtures';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 12);
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

function disposition(fields: Partial<Disposition>): Disposition {
  const decoded = validatePlain(DispositionSchema, verdictFixture({ timestamp: at(0), ...fields }));
  if (!decoded.ok) throw new Error(decoded.rejection.message);
  return decoded.value;
}

const incident = (id: string, rules: string[], day = 0): RiskIncident => incidentFixture(id, rules, at(day));

/** Feeds verdicts in order through expansion and the store, as the two stages do. */
class Pipeline {
  readonly state: DispositionState;
  readonly outputs: StoreOutput[] = [];
  watermark = -Infinity;

  constructor(
    readonly settings: DispositionSettings,
    readonly index = new IncidentIndex(settings.windowMs, settings.maxIncidents),
  ) {
    this.state = emptyDispositionState(settings);
  }

  submit(d: Disposition): string | null {
    const expansion = expandDisposition(d, this.index);
    if (!expansion.ok) return expansion.reason;
    for (const r of expansion.records) this.count(r);
    return null;
  }

  count(r: RuleDisposition): void {
    const ts = eventTimeMs(r.timestamp);
    this.watermark = Math.max(this.watermark, ts);
    this.outputs.push(...countVerdict(this.state, this.settings, r, ts).changes);
  }

  scorecard(rule: string) {
    return this.outputs
      .filter((o): o is Extract<StoreOutput, { kind: 'scorecard' }> => o.kind === 'scorecard')
      .map((o) => o.scorecard)
      .filter((s) => s.rule_id === rule)
      .at(-1);
  }

  ruleStates() {
    return this.outputs.flatMap((o) => (o.kind === 'rule_state' ? [o.ruleState] : []));
  }
}

const defaults = () => parseDispositionSettings('');

describe('verdict store', () => {
  it('publishes no ratio below the minimum sample, then fp / total', () => {
    const p = new Pipeline(defaults());
    for (let i = 0; i < 4; i++) p.submit(disposition({ rule_id: 'r1', fingerprint: `d${i}` }));
    expect(p.scorecard('r1')).toMatchObject({ counts: { false_positive: 4, total: 4 }, fp_ratio: null });
    p.submit(disposition({ rule_id: 'r1', fingerprint: 'd4', verdict: 'true_positive' }));
    expect(p.scorecard('r1')).toMatchObject({
      counts: { true_positive: 1, false_positive: 4, benign_true_positive: 0, total: 5 },
      fp_ratio: 0.8,
      min_sample: 5,
      numerator: 'fp_only',
      window_days: 30,
    });
  });

  it('counts benign true positives as noise only with the fp_and_btp numerator', () => {
    const verdicts = [
      'false_positive',
      'benign_true_positive',
      'benign_true_positive',
      'true_positive',
      'true_positive',
    ] as const;
    const ratios = (['fp_only', 'fp_and_btp'] as const).map((numerator) => {
      const p = new Pipeline({ ...defaults(), numerator });
      verdicts.forEach((verdict, i) =>
        p.submit(disposition({ rule_id: 'r', fingerprint: `d${i}`, verdict })),
      );
      return p.scorecard('r')!.fp_ratio;
    });
    expect(ratios).toEqual([0.2, 0.6]);
  });

  it('counts a redelivered verdict once, by fingerprint or by rule + timestamp + analyst', () => {
    const p = new Pipeline(defaults());
    const byFingerprint = disposition({ rule_id: 'r', fingerprint: 'det-1' });
    const bare = disposition({ rule_id: 'r', timestamp: '2026-06-01T12:00:00Z' });
    const sameInstant = disposition({ rule_id: 'r', timestamp: '2026-06-01T12:00:00.000+00:00' });
    p.submit(byFingerprint);
    p.submit(bare);
    p.submit(byFingerprint);
    p.submit(sameInstant);
    expect(p.scorecard('r')!.counts.total).toBe(2);
    expect(p.state.counters).toMatchObject({ counted: 2, duplicates: 2 });
    // A changed verdict on the same detection is a new verdict.
    p.submit(disposition({ rule_id: 'r', fingerprint: 'det-1', verdict: 'true_positive' }));
    expect(p.scorecard('r')!.counts.total).toBe(3);
  });

  it('expands an incident verdict to every contributing rule, once on redelivery', () => {
    const p = new Pipeline(defaults());
    p.index.record({
      ...incident('11111111-1111-5111-8111-111111111111', ['r-a', 'r-b']),
      refs: [{ rule: 'r-c', level: 'high', score: 10, timestamp: at(0) }],
    });
    const verdict = disposition({ scope: 'incident', incident_id: '11111111-1111-5111-8111-111111111111' });
    expect(p.submit(verdict)).toBeNull();
    expect(p.submit(verdict)).toBeNull();
    expect(['r-a', 'r-b', 'r-c'].map((r) => p.scorecard(r)?.counts.false_positive)).toEqual([1, 1, 1]);
    expect(p.state.counters).toMatchObject({ counted: 3, duplicates: 3 });
  });

  it('rejects an incident verdict whose incident is unknown, with the reason', () => {
    const p = new Pipeline(defaults());
    const reason = p.submit(disposition({ scope: 'incident', incident_id: 'no-such-incident' }));
    expect(reason).toMatch(/unknown incident 'no-such-incident'/);
    expect(p.outputs).toEqual([]);
  });

  it('forgets incidents that left the window or exceed the bound', () => {
    const index = new IncidentIndex(7 * DAY, 2);
    index.record(incident('a', ['r1'], 0));
    index.record(incident('b', ['r2'], 1));
    expect(index.rulesOf('a')).toEqual(['r1']);
    index.record(incident('c', ['r3'], 7.5));
    expect([index.rulesOf('a'), index.rulesOf('b'), index.rulesOf('c')]).toEqual([undefined, ['r2'], ['r3']]);
    index.record(incident('d', ['r4'], 7.5));
    expect([index.rulesOf('b'), index.rulesOf('c'), index.rulesOf('d')]).toEqual([undefined, ['r3'], ['r4']]);
    expect(index.evicted).toBe(1);
  });

  it('follows episodes: an update keeps the rules of earlier records and moves the incident on', () => {
    const index = new IncidentIndex(7 * DAY, 10);
    index.record(incident('e', ['r1'], 0));
    index.record({ ...incident('e', ['r2'], 6), kind: 'incident_updated', revision: 2 });
    expect(index.rulesOf('e')).toEqual(['r1', 'r2']);
    expect(index.subjectOf('e')).toEqual({
      policy: 'score-24h',
      entityType: 'user',
      entityValue: 'alice',
      atMs: Date.parse(at(6)),
    });
    // Held for the window from its latest record, not its first.
    index.record(incident('other', ['r3'], 8));
    expect(index.rulesOf('e')).toEqual(['r1', 'r2']);
  });

  it('prunes buckets that leave the window and refuses verdicts late for their own rule', () => {
    const p = new Pipeline({ ...defaults(), minSample: 1 });
    p.submit(disposition({ rule_id: 'r', fingerprint: 'old', timestamp: at(0) }));
    p.submit(disposition({ rule_id: 'r', fingerprint: 'new', verdict: 'true_positive', timestamp: at(20) }));
    expect(p.scorecard('r')!.fp_ratio).toBe(0.5);
    p.submit(
      disposition({ rule_id: 'other', fingerprint: 'x', verdict: 'true_positive', timestamp: at(31) }),
    );
    p.outputs.push(...expireVerdicts(p.state, p.settings, p.watermark));
    expect(p.scorecard('r')).toMatchObject({ counts: { false_positive: 0, total: 1 }, fp_ratio: 0 });
    // Late is judged on rule r's own time (day 20), not on the partition's (day 31, set by
    // another rule): day -1 is inside r's window, day -11 is not.
    p.submit(disposition({ rule_id: 'r', fingerprint: 'very-old', timestamp: at(-11) }));
    expect(p.state.counters.late).toBe(1);
    p.submit(
      disposition({ rule_id: 'r', fingerprint: 'delayed', verdict: 'true_positive', timestamp: at(-1) }),
    );
    expect(p.state.counters.late).toBe(1);
    expect(p.state.seen.has(JSON.stringify(['fingerprint', 'old', 'false_positive', 'r']))).toBe(false);
    p.submit(disposition({ rule_id: 'other', fingerprint: 'y', timestamp: at(80) }));
    p.outputs.push(...expireVerdicts(p.state, p.settings, p.watermark));
    expect(p.state.rules.has('r')).toBe(false);
    expect(p.scorecard('r')).toMatchObject({ counts: { total: 0 }, fp_ratio: null });
  });

  it('clips at the threshold, holds above the release point, and releases below it', () => {
    const p = new Pipeline(defaults());
    const fp = (i: number) => p.submit(disposition({ rule_id: 'noisy', fingerprint: `f${i}` }));
    const tp = (i: number) =>
      p.submit(disposition({ rule_id: 'noisy', fingerprint: `t${i}`, verdict: 'true_positive' }));
    for (let i = 0; i < 4; i++) fp(i);
    tp(0); // 4/5 = 0.8 ≥ 0.5 → clipped
    expect(p.ruleStates()).toEqual([
      expect.objectContaining({
        rule_id: 'noisy',
        state: 'clipped',
        confidence_max: 0.25,
        origin: 'auto_clip',
        set_by: 'disposition-ingestor',
        reason: expect.stringMatching(
          /false-positive ratio 0\.80 \(4 false positives of 5 verdicts, last 30d\) reached 0\.5/,
        ),
      }),
    ]);
    for (let i = 1; i < 8; i++) tp(i); // 4/12 = 0.33: below 0.5 but not below 0.3 → still clipped
    expect(p.scorecard('noisy')!.fp_ratio).toBeCloseTo(0.333333);
    expect(p.ruleStates()).toHaveLength(1);
    tp(8); // 4/13 = 0.307
    tp(9); // 4/14 = 0.286 → released
    expect(p.ruleStates()).toHaveLength(2);
    expect(p.ruleStates()[1]).toMatchObject({
      state: 'enabled',
      origin: 'auto_clip',
      reason: expect.stringMatching(/released.*fell below 0.3/),
    });
    expect(p.ruleStates()[1]).not.toHaveProperty('confidence_max');
  });

  it('never clips when auto-clip is off', () => {
    const p = new Pipeline({ ...defaults(), autoClip: { ...defaults().autoClip, enabled: false } });
    for (let i = 0; i < 10; i++) p.submit(disposition({ rule_id: 'r', fingerprint: `f${i}` }));
    expect(p.scorecard('r')!.fp_ratio).toBe(1);
    expect(p.ruleStates()).toEqual([]);
  });

  it('round-trips a snapshot: the restored store counts on exactly as the original', () => {
    const settings = defaults();
    const run = (restoreAfter: number | null) => {
      let p = new Pipeline(settings);
      for (let i = 0; i < 40; i++) {
        if (i === restoreAfter) {
          const restored = decodeDispositionState(
            JSON.parse(JSON.stringify(encodeDispositionState(p.state, settings))),
            settings,
          );
          const next = new Pipeline(settings);
          Object.assign(next, { state: restored, watermark: p.watermark });
          next.outputs.push(...p.outputs);
          p = next;
        }
        const verdict = i % 3 === 0 ? 'true_positive' : 'false_positive';
        p.submit(disposition({ rule_id: `r${i % 4}`, fingerprint: `d${i % 30}`, verdict, timestamp: at(i) }));
      }
      return { outputs: p.outputs, state: encodeDispositionState(p.state, settings) };
    };
    expect(run(17)).toEqual(run(null));
  });

  it('re-buckets a snapshot taken with another bucket size', () => {
    const hourly = { ...defaults(), bucketMs: 3_600_000 };
    const p = new Pipeline(hourly);
    p.submit(disposition({ rule_id: 'r', fingerprint: 'a', timestamp: at(0) }));
    p.submit(
      disposition({ rule_id: 'r', fingerprint: 'b', timestamp: new Date(T0 + 3_600_000).toISOString() }),
    );
    const daily = decodeDispositionState(encodeDispositionState(p.state, hourly), defaults());
    expect([...daily.rules.get('r')!.buckets.values()]).toEqual([[0, 2, 0]]);
  });

  it('refuses a snapshot that is not one', () => {
    expect(() => decodeDispositionState({ entities: [] }, defaults())).toThrow(/not a disposition snapshot/);
  });
});

describe('disposition settings', () => {
  it('names every bad key', () => {
    expect(() =>
      parseDispositionSettings(
        'window: 10d\nbucket: 3d\nnumerator: all\nmin_sample: 0\nauto_clip: {threshold: 0.4, release_below: 0.6, colour: red}\nextra: 1\n',
      ),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'extra: unknown key',
          'numerator: must be one of fp_only, fp_and_btp',
          'min_sample: must be a positive integer',
          'auto_clip.colour: unknown key',
          // Cross-field rules come after the fields'.
          'window: must be a whole number of buckets',
          'auto_clip.release_below: must not exceed auto_clip.threshold',
        ],
      }),
    );
  });
});
