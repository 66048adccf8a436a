/** `riskline attribute`, `riskline dispositions` and `riskline context` end to end on files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityIdOf } from '@riskline/attribution';
import { generateObservations, SCENARIO_START_MS, TWO_OPERATOR_ATTACKER } from '@riskline/scenario';
import { incidentFixture, verdictFixture } from '@riskline/dispositions/testing';
import { attributeCommand } from './attribute-command';
import { contextCommand } from './context-command';
import { dispositionsCommand } from './dispositions-command';
import type { Io } from './io';

async function run(command: (argv: readonly string[], io: Io) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

const dir = mkdtempSync(join(tmpdir(), 'riskline-offline-'));
const file = (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return path;
};

describe('riskline attribute', () => {
  it('prints the state changes and the multi-actor suspicion, and reports bad observations', async () => {
    const observations = generateObservations(SCENARIO_START_MS);
    const path = file('observations.ndjson', [
      ...observations,
      { ...observations[0], id: 'bad', value: 'x', primitive: 'timing.inter_command_ms' },
      '{"schema_version": 1}',
    ]);
    const { code, out, err } = await run(attributeCommand, ['--observations', path]);
    expect(code).toBe(0);
    expect(out.filter((e) => e['type'] === 'multi_actor_suspected')).toEqual([
      expect.objectContaining({
        identity_id: identityIdOf(TWO_OPERATOR_ATTACKER),
        primitives: ['motor.input_modality', 'motor.keyboard_layout'],
      }),
    ]);
    expect(out.filter((e) => e['type'] === 'state_changed').length).toBeGreaterThan(5);
    expect(err).toEqual([
      `dead letter ${path}:97: handler_error: primitive timing.inter_command_ms is numeric; value "x" is not a finite number`,
      expect.stringMatching(
        new RegExp(`^dead letter ${path}:98: schema_violation: AttackerObservation: id: `),
      ),
      'observations: 98, malformed: 0, dead letters: 2, attackers: 3, state changes: ' +
        out.filter((e) => e['type'] === 'state_changed').length +
        ', multi-actor suspicions: 1',
    ]);
  });

  it('refuses a bad settings file, naming the key', async () => {
    const config = join(dir, 'bad.yml');
    writeFileSync(config, 'numeric: {alpha: 3}\n');
    const { code, err } = await run(attributeCommand, [
      '--observations',
      file('o.json', []),
      '--config',
      config,
    ]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/numeric.alpha: must be a number in \(0, 1\]/);
  });
});

describe('riskline dispositions', () => {
  const verdict = verdictFixture;

  it('expands incident verdicts, counts redeliveries once, clips the noisy rule and prints scorecards', async () => {
    const incidents = file('incidents.ndjson', [
      incidentFixture('7d9c1f7e-4b1a-5c2d-8e3f-9a0b1c2d3e4f', ['noisy', 'quiet']),
    ]);
    const verdicts = file('verdicts.ndjson', [
      ...Array.from({ length: 5 }, (_, i) => verdict({ rule_id: 'noisy', fingerprint: `d${i}` })),
      verdict({ rule_id: 'noisy', fingerprint: 'd0' }),
      verdict({
        scope: 'incident',
        incident_id: '7d9c1f7e-4b1a-5c2d-8e3f-9a0b1c2d3e4f',
        verdict: 'true_positive',
      }),
      verdict({ scope: 'incident', incident_id: 'unknown-incident' }),
    ]);
    const { code, out, err } = await run(dispositionsCommand, [
      '--verdicts',
      verdicts,
      '--incidents',
      incidents,
    ]);
    expect(code).toBe(0);
    expect(out).toEqual([
      expect.objectContaining({
        kind: 'rule_state',
        rule_id: 'noisy',
        state: 'clipped',
        origin: 'auto_clip',
      }),
      // The incident verdict, fed back to the accumulator keyed by the incident's entity.
      expect.objectContaining({
        kind: 'incident_verdict',
        key: 'user:alice',
        value: expect.objectContaining({ control: 'incident_verdict', verdict: 'true_positive' }),
      }),
      expect.objectContaining({
        kind: 'scorecard',
        rule_id: 'noisy',
        counts: { true_positive: 1, false_positive: 5, benign_true_positive: 0, total: 6 },
        fp_ratio: 0.833333,
      }),
      expect.objectContaining({ kind: 'scorecard', rule_id: 'quiet', fp_ratio: null }),
    ]);
    expect(err).toEqual([
      expect.stringMatching(
        /^dead letter .*verdicts\.ndjson:8: handler_error: unknown incident 'unknown-incident'/,
      ),
      'verdicts: 8, malformed: 0, dead letters: 1, counted: 7, duplicates: 1, late: 0, rules: 2, incidents indexed: 1',
    ]);
  });

  it('runs the store expiry timer as the service does: verdicts age out of the window', async () => {
    const verdicts = file('aging.ndjson', [
      ...Array.from({ length: 5 }, (_, i) => verdict({ rule_id: 'aging', fingerprint: `a${i}` })),
      // 40 days on, past the 30-day window: the timer must have pruned the first five by then.
      verdict({ rule_id: 'later', fingerprint: 'l0', timestamp: '2026-04-10T10:00:00Z' }),
    ]);
    const { code, out } = await run(dispositionsCommand, ['--verdicts', verdicts]);
    expect(code).toBe(0);
    const aging = out.filter((o) => o['rule_id'] === 'aging');
    expect(aging.at(-1)).toEqual(
      expect.objectContaining({ kind: 'rule_state', rule_id: 'aging', state: 'enabled' }),
    );
    expect(aging).toContainEqual(expect.objectContaining({ kind: 'rule_state', state: 'clipped' }));
  });
});

describe('riskline context', () => {
  const csv = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('turns Splunk-style asset and identity lists into context records in canonical entity form', async () => {
    const assets = csv(
      'assets.csv',
      'ip,nt_host,dns,priority,category,bunit\n10.0.0.5,WS-9,ws-9.corp.example,Critical,server|pci,emea\n::1,,,low,,\n',
    );
    const identities = csv(
      'identities.csv',
      'identity,email,domain,category,watchlist\nalice|alice.a,alice@corp.example,CORP,admin,TRUE\n',
    );
    const { code, out, err } = await run(contextCommand, ['--assets', assets, '--identities', identities]);
    expect(code).toBe(0);
    expect(out.map((r) => [r['topic'], r['key']])).toEqual([
      ['soc.assets', 'src_ip:10.0.0.5'],
      ['soc.assets', 'host:ws-9'],
      ['soc.identities', 'user:corp\\alice'],
      ['soc.identities', 'user:corp\\alice.a'],
    ]);
    expect(out[1]!['value']).toEqual({
      schema_version: 1,
      entity_type: 'host',
      entity_value: 'ws-9',
      priority: 'critical',
      categories: ['server', 'pci'],
    });
    expect(out[2]!['value']).toEqual(expect.objectContaining({ watchlist: true, categories: ['admin'] }));
    expect(err).toEqual(['context records: 4, names excluded by the risk config: 1']);
  });

  it('refuses a list with a bad line whole, naming every problem with its line', async () => {
    const bad = csv('bad.csv', 'nt_host,criticality,watchlist\nws-1,high,no\nws-2,severe,maybe\n,high,\n');
    const { code, out, err } = await run(contextCommand, ['--assets', bad]);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toMatch(/line 3: criticality 'severe' is not one of low, medium, high, critical/);
    expect(err[0]).toMatch(/line 3: watchlist 'maybe' is not true or false/);
    expect(err[0]).toMatch(/line 4: names no entity/);
    expect(err[0]).not.toMatch(/line 2/);
    const headless = csv('headless.csv', 'name,priority\nws-1,high\n');
    expect((await run(contextCommand, ['--assets', headless])).err[0]).toMatch(
      /no ip or nt_host or dns or host column/,
    );
    expect((await run(contextCommand, [])).code).toBe(2);
  });
});
