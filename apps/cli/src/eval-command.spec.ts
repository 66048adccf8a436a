/** `riskline eval` end to end on files: output lines, summary, bad rules skipped, bad input refused. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalCommand, type FiringLine } from './eval-command';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return evalCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({
    code,
    out,
    err,
  }));
}

const SIGMA = `title: Whoami
id: sigma-whoami
level: medium
tags: [attack.discovery, attack.t1033]
logsource: {category: process_creation, product: windows}
detection:
  sel:
    Image|endswith: '\\whoami.exe'
  condition: sel
`;

const NATIVE = `rule_id: native-wget
rule_version: 1
name: Download on honeypot
applies_to: [honeypot.command]
match: {pattern: '\\b(wget|curl)\\b'}
emits:
  - {tactic: command-and-control, technique_id: T1105, confidence: 0.6}
`;

describe('riskline eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskline-eval-'));
  mkdirSync(join(dir, 'rules', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'rules', 'whoami.yml'), SIGMA);
  writeFileSync(join(dir, 'rules', 'nested', 'native.yaml'), NATIVE);
  writeFileSync(
    join(dir, 'rules', 'broken.yml'),
    'title: broken\nid: b1\nlogsource: {category: x}\ndetection: {condition: nothing}\n',
  );
  writeFileSync(join(dir, 'rules', 'notes.txt'), 'not a rule');
  const sysmon = (image: string) => ({
    Event: {
      System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational' },
      EventData: { Image: image },
    },
  });
  writeFileSync(
    join(dir, 'events.jsonl'),
    [
      sysmon('C:\\x\\whoami.exe'),
      sysmon('C:\\x\\cmd.exe'),
      { source_kind: 'honeypot.command', command: 'wget http://x' },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
  writeFileSync(
    join(dir, 'concatenated.json'),
    `${JSON.stringify(sysmon('a'))}${JSON.stringify(sysmon('C:\\whoami.exe'))}`,
  );

  it('prints one line per firing with source and 0-based index, and a summary', async () => {
    const { code, out, err } = await run([
      '--rules',
      join(dir, 'rules'),
      '--events',
      join(dir, 'events.jsonl'),
      '--events',
      join(dir, 'concatenated.json'),
    ]);
    expect(code).toBe(0);
    const lines = out.map((l) => JSON.parse(l) as FiringLine);
    expect(lines).toEqual([
      {
        source: join(dir, 'events.jsonl'),
        event_index: 0,
        rule_id: 'sigma-whoami',
        rule_title: 'Whoami',
        level: 'medium',
        tactics: ['discovery'],
        techniques: ['T1033'],
      },
      {
        source: join(dir, 'events.jsonl'),
        event_index: 2,
        rule_id: 'native-wget',
        rule_title: 'Download on honeypot',
        level: 'medium',
        tactics: ['command-and-control'],
        techniques: ['T1105'],
      },
      expect.objectContaining({
        source: join(dir, 'concatenated.json'),
        event_index: 1,
        rule_id: 'sigma-whoami',
      }),
    ]);
    expect(err.some((l) => l.startsWith('rule not loaded: ') && l.includes('broken.yml [b1]'))).toBe(true);
    expect(err.at(-1)).toMatch(
      /^events: 5, firings: 3, rules loaded: 2, rules failed: 1, load: \d+ ms, \d+ events\/s$/,
    );
  });

  it('refuses unreadable input with a clear message and a non-zero exit', async () => {
    const missing = await run(['--rules', join(dir, 'rules'), '--events', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`riskline eval: cannot read events '${join(dir, 'nope.json')}': ENOENT`);
    writeFileSync(join(dir, 'garbage.json'), '{"a":1}\nthis is not json');
    const garbage = await run(['--rules', join(dir, 'rules'), '--events', join(dir, 'garbage.json')]);
    expect(garbage.code).toBe(2);
    expect(garbage.err.at(-1)).toMatch(/garbage\.json: unexpected 't'/);
    const noRules = await run(['--rules', join(dir, 'absent'), '--events', join(dir, 'events.jsonl')]);
    expect(noRules.code).toBe(2);
    expect(noRules.err[0]).toMatch(/cannot read rules at/);
  });

  it('explains its usage', async () => {
    expect((await run(['--events', 'x'])).code).toBe(2);
    expect((await run(['--bogus'])).err[0]).toMatch(/Unknown option/);
  });
});
