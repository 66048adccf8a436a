/**
 * `riskline eval` end to end on files: output lines, summary, bad rules skipped, malformed
 * records reported with file and line and skipped (or fatal under --strict), unreadable input
 * and meaningless runs (no rule, broken mapping) refused with a non-zero exit.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { evalCommand } from './eval-command';
import type { FiringLine } from './firing-line';

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

  it('prints one line per firing with source, line and 0-based index, and a summary', async () => {
    const { code, out, err } = await run([
      '--rules',
      join(dir, 'rules'),
      '--events',
      join(dir, 'events.jsonl'),
      join(dir, 'concatenated.json'),
    ]);
    expect(code).toBe(0);
    const lines = out.map((l) => JSON.parse(l) as FiringLine);
    expect(lines).toEqual([
      {
        source: join(dir, 'events.jsonl'),
        line: 1,
        event_index: 0,
        rule_id: 'sigma-whoami',
        rule_title: 'Whoami',
        level: 'medium',
        tactics: ['discovery'],
        techniques: ['T1033'],
      },
      {
        source: join(dir, 'events.jsonl'),
        line: 3,
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
      /^events: 5, malformed: 0, firings: 3, rules loaded: 2, rules unmapped: 0, rules failed: 1, load: \d+ ms, \d+ events\/s$/,
    );
  });

  it('walks a directory of record files, hidden ones skipped', async () => {
    mkdirSync(join(dir, 'logs', 'day2'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'a.json'), JSON.stringify(sysmon('C:\\whoami.exe')));
    writeFileSync(join(dir, 'logs', 'day2', 'b.ndjson'), JSON.stringify(sysmon('C:\\whoami.exe')));
    writeFileSync(join(dir, 'logs', '.hidden.json'), JSON.stringify(sysmon('C:\\whoami.exe')));
    writeFileSync(join(dir, 'logs', 'readme.md'), 'not records');
    const { code, out } = await run(['--rules', join(dir, 'rules'), '--events', join(dir, 'logs')]);
    expect(code).toBe(0);
    expect(out.map((l) => (JSON.parse(l) as FiringLine).source)).toEqual([
      join(dir, 'logs', 'a.json'),
      join(dir, 'logs', 'day2', 'b.ndjson'),
    ]);
  });

  it('reports a malformed record with file and line, skips it, and goes on', async () => {
    writeFileSync(
      join(dir, 'garbage.json'),
      [
        JSON.stringify(sysmon('C:\\whoami.exe')),
        'this is not json',
        JSON.stringify(sysmon('C:\\whoami.exe')),
      ].join('\n'),
    );
    const garbage = await run(['--rules', join(dir, 'rules'), '--events', join(dir, 'garbage.json')]);
    expect(garbage.code).toBe(0);
    expect(garbage.out.map((l) => (JSON.parse(l) as FiringLine).line)).toEqual([1, 3]);
    expect(garbage.err).toContainEqual(
      expect.stringMatching(new RegExp(`^malformed record ${join(dir, 'garbage.json')}:2: unexpected 't'`)),
    );
    expect(garbage.err.at(-1)).toMatch(/^events: 2, malformed: 1, firings: 2,/);

    const strict = await run([
      '--rules',
      join(dir, 'rules'),
      '--events',
      join(dir, 'garbage.json'),
      '--strict',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.out).toHaveLength(1);
    expect(strict.err).toContainEqual(expect.stringMatching(/^riskline eval: --strict: .*garbage\.json:2: /));
    expect(strict.err.at(-1)).toMatch(/^events: 1, malformed: 1, firings: 1,/);
  });

  it('refuses unreadable input with a clear message, a summary and a non-zero exit', async () => {
    const missing = await run(['--rules', join(dir, 'rules'), '--events', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`riskline eval: cannot read events '${join(dir, 'nope.json')}': ENOENT`);
    expect(missing.err.at(-1)).toMatch(/^events: 0, /);
    const noRules = await run(['--rules', join(dir, 'absent'), '--events', join(dir, 'events.jsonl')]);
    expect(noRules.code).toBe(2);
    expect(noRules.err[0]).toMatch(/cannot read rules at/);
  });

  it('refuses a run in which no rule loaded, or the log source mapping did not', async () => {
    mkdirSync(join(dir, 'only-broken'), { recursive: true });
    writeFileSync(
      join(dir, 'only-broken', 'broken.yml'),
      'title: broken\nid: b1\ndetection: {condition: x}\n',
    );
    const none = await run(['--rules', join(dir, 'only-broken'), '--events', join(dir, 'events.jsonl')]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('riskline eval: no rule loaded');
    expect(none.out).toEqual([]);

    writeFileSync(join(dir, 'mapping.yml'), 'this: [is not: a mapping');
    const badMapping = await run([
      '--rules',
      join(dir, 'rules'),
      '--events',
      join(dir, 'events.jsonl'),
      '--pipeline',
      join(dir, 'mapping.yml'),
    ]);
    expect(badMapping.code).toBe(1);
    expect(badMapping.err).toContainEqual(expect.stringMatching(/^pipeline: /));
    expect(badMapping.err).toContainEqual(
      expect.stringMatching(/^riskline eval: the log source mapping did not load/),
    );
    expect(badMapping.out).toEqual([]);
  });

  it('reports rules no mapping covers as unmapped, apart from the loaded ones', async () => {
    mkdirSync(join(dir, 'mixed'), { recursive: true });
    writeFileSync(join(dir, 'mixed', 'whoami.yml'), SIGMA);
    writeFileSync(
      join(dir, 'mixed', 'macos.yml'),
      SIGMA.replace('id: sigma-whoami', 'id: macos-whoami').replace('product: windows', 'product: macos'),
    );
    const result = await run(['--rules', join(dir, 'mixed'), '--events', join(dir, 'events.jsonl')]);
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      'rules unmapped: 1 with logsource {category: process_creation, product: macos} — no loaded mapping covers it; they fire only on events declaring that logsource',
    );
    expect(result.err.at(-1)).toMatch(/rules loaded: 1, rules unmapped: 1, rules failed: 0,/);
  });

  it('opens the envelopes of other shapes, and holds input to a --shape', async () => {
    const xml =
      '<Event><System><EventID>1</EventID><Channel>Microsoft-Windows-Sysmon/Operational</Channel></System>' +
      "<EventData><Data Name='Image'>C:\\x\\whoami.exe</Data></EventData></Event>";
    writeFileSync(
      join(dir, 'hec.jsonl'),
      [{ sourcetype: 'XmlWinEventLog', event: xml }, { event: '<Event><System>' }, sysmon('C:\\whoami.exe')]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const auto = await run(['--rules', join(dir, 'rules'), '--events', join(dir, 'hec.jsonl')]);
    expect(auto.out.map((l) => (JSON.parse(l) as FiringLine).line)).toEqual([1, 3]);
    expect(auto.err).toContainEqual(
      expect.stringMatching(/^malformed record .*hec.jsonl:2: invalid event XML/),
    );
    const held = await run([
      '--rules',
      join(dir, 'rules'),
      '--events',
      join(dir, 'hec.jsonl'),
      '--shape',
      'hec',
    ]);
    expect(held.out).toHaveLength(1);
    expect(held.err).toContainEqual(
      expect.stringMatching(/hec.jsonl:3: expected a Splunk HEC event, got what looks like an evtx_dump/),
    );
    const refused = await run([
      '--rules',
      join(dir, 'rules'),
      '--events',
      join(dir, 'hec.jsonl'),
      '--shape',
      'xml',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err[0]).toMatch(/^--shape: 'xml' is not one of auto, flat, evtx, ecs, hec\n/);
  });

  it('substitutes --placeholder values into expand rules, and refuses malformed ones', async () => {
    mkdirSync(join(dir, 'expand'), { recursive: true });
    writeFileSync(
      join(dir, 'expand', 'admins.yml'),
      SIGMA.replace("Image|endswith: '\\whoami.exe'", "Image|expand|endswith: '%tools%'"),
    );
    const argv = ['--rules', join(dir, 'expand'), '--events', join(dir, 'events.jsonl')];
    const given = await run([...argv, '--placeholder', 'tools=\\cmd.exe,\\nothing.exe']);
    expect(given.out.map((l) => (JSON.parse(l) as FiringLine).line)).toEqual([2]);
    const missing = await run(argv);
    expect(missing.code).toBe(1);
    expect(missing.err).toContainEqual(expect.stringMatching(/placeholder %tools% has no values/));
    const malformed = await run([...argv, '--placeholder', 'tools']);
    expect(malformed.code).toBe(2);
    expect(malformed.err[0]).toMatch(/^--placeholder: placeholder 'tools' must be name=value/);
  });

  it('reads events from standard input for `-`', () => {
    const out = execFileSync(
      process.execPath,
      [join(__dirname, '../../../bin/riskline.js'), 'eval', '--rules', join(dir, 'rules'), '--events', '-'],
      {
        input: `${JSON.stringify(sysmon('C:\\whoami.exe'))}\n`,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as FiringLine),
    ).toEqual([expect.objectContaining({ source: '-', line: 1, rule_id: 'sigma-whoami' })]);
  }, 30_000);

  it('explains its usage', async () => {
    expect((await run(['--events', 'x'])).code).toBe(2);
    expect((await run(['--bogus'])).err[0]).toMatch(/Unknown option '--bogus'/);
    expect((await run(['--rules', 'r', '--events', 'e', 'stray', '--strict', 'x'])).err[0]).toMatch(
      /unexpected argument 'x'/,
    );
  });
});
