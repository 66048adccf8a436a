/**
 * Sigma correlation rules offline, on the services' own tagger and correlator: the
 * specification's "failed logins followed by a successful login" example (a temporal_ordered
 * correlation of an event_count correlation, rules referred to by name) over Windows Security
 * events fires once for the attacked user and never for a user whose order is wrong, and the
 * correlated base rules emit nothing of their own (`generate` defaults to false).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from './io';
import { replayCommand, tagCommand } from './replay-command';

const RULES = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
tags:
    - attack.credential-access
    - attack.t1110
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;

const dir = mkdtempSync(join(tmpdir(), 'riskline-correlation-'));
const rules = join(dir, 'mr_brute_force.yml');
writeFileSync(rules, RULES);

function logon(user: string, eventId: number, at: string, i: number) {
  return {
    event_id: `${user}-${i}`,
    '@timestamp': at,
    Channel: 'Security',
    EventID: eventId,
    Computer: 'DC-01',
    User: user,
  };
}

/** 10:00:00 plus `m` minutes and `s` seconds. */
const minute = (m: number, s = 0) => new Date(Date.UTC(2026, 2, 1, 10, m, s)).toISOString();
const events = [
  // alice: ten failures in two minutes, then a success — the attack.
  ...Array.from({ length: 10 }, (_, i) => logon('alice', 4625, minute(0, i * 10), i)),
  logon('alice', 4624, minute(3), 10),
  // bob: a success first, then nine failures — never ten, and the order is wrong.
  logon('bob', 4624, minute(0), 0),
  ...Array.from({ length: 9 }, (_, i) => logon('bob', 4625, minute(1, i), i + 1)),
  // carol: ten failures, but the success comes 11 minutes after the tenth.
  ...Array.from({ length: 10 }, (_, i) => logon('carol', 4625, minute(0, i), i)),
  logon('carol', 4624, minute(12), 10),
];
const file = join(dir, 'security.jsonl');
writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));

async function run(command: typeof tagCommand, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(argv, { out: (l) => out.push(l), err: (l) => err.push(l) } satisfies Io);
  return {
    code,
    lines: out.map((l) => JSON.parse(l) as { kind: string; value: Record<string, unknown> }),
    err,
  };
}

describe('Sigma correlation rules offline', () => {
  it('fires the chained correlation once, for the attacked user only, and nothing of the base rules', async () => {
    const { code, lines, err } = await run(tagCommand, ['--rules', rules, '--events', file]);
    expect({ code, err: err.filter((l) => !l.startsWith('events:')) }).toEqual({ code: 0, err: [] });
    const detections = lines.filter((l) => l.kind === 'detection').map((l) => l.value);
    expect(detections.map((d) => [d['rule_id'], d['rule_kind'], d['level'], d['entities']])).toEqual([
      [
        'b180ead8-d58f-40b2-ae54-c8940995b9b6',
        'correlation',
        'high',
        [
          { type: 'user', value: 'alice' },
          { type: 'host', value: 'dc-01' },
        ],
      ],
    ]);
    expect(detections[0]).toMatchObject({
      tactics: ['credential-access'],
      techniques: ['T1110'],
      event_time: minute(3),
      evidence: { correlation_type: 'temporal_ordered', group: { User: 'alice' }, metric: 2 },
    });
    const contributions = lines.filter((l) => l.kind === 'contribution').map((l) => l.value);
    expect(contributions.map((c) => [c['entity_type'], c['rule_id'], c['score']])).toEqual([
      ['user', 'b180ead8-d58f-40b2-ae54-c8940995b9b6', 50],
      ['host', 'b180ead8-d58f-40b2-ae54-c8940995b9b6', 50],
    ]);
  });

  it('gives the same detection id on a rerun, and its contributions reach the accumulator', async () => {
    const first = await run(tagCommand, ['--rules', rules, '--events', file]);
    const replay = await run(replayCommand, ['--rules', rules, '--events', file, '--output', 'detection']);
    expect(replay.lines.map((l) => l.value['detection_id'])).toEqual(
      first.lines.filter((l) => l.kind === 'detection').map((l) => l.value['detection_id']),
    );
    expect(replay.err.at(-1)).toMatch(/detections: 1, contributions: 2, incidents: \d+, dead letters: 0/);
  });

  it('reports a correlation whose rules resolve to nothing, and still loads the others', async () => {
    const broken = join(dir, 'broken.yml');
    writeFileSync(
      broken,
      'title: Dangling\nid: 0b9a3d5e-0000-4000-8000-000000000001\ncorrelation:\n  type: event_count\n' +
        '  rules: [no_such_rule]\n  group-by: [User]\n  timespan: 1h\n  condition: {gte: 2}\n',
    );
    const { code, lines, err } = await run(tagCommand, ['--rules', rules, broken, '--events', file]);
    expect(code).toBe(0);
    expect(err).toContainEqual(
      expect.stringMatching(/broken\.yml \[0b9a3d5e.*no rule with id or name 'no_such_rule'/),
    );
    expect(lines.filter((l) => l.kind === 'detection')).toHaveLength(1);
  });
});
