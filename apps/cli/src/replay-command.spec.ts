/**
 * `riskline tag`, `risk` and `replay` on files: the repository's rules over the demo scenario
 * give incidents with no cluster; `--output` selects kinds; `tag | risk` equals `replay`; an
 * event the tagger refuses is a dead letter with its file and line; usage mistakes exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateScenario } from '@riskline/scenario';
import type { Io } from './io';
import { replayCommand, riskCommand, tagCommand } from './replay-command';

interface Line {
  readonly kind: 'detection' | 'contribution' | 'incident';
  readonly key: string | null;
  readonly value: Record<string, unknown>;
}

async function run(command: (argv: readonly string[], io: Io) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, lines: out.map((l) => JSON.parse(l) as Line), out, err };
}

const rules = resolve(__dirname, '../../../rules');
const dir = mkdtempSync(join(tmpdir(), 'riskline-replay-'));
const events = join(dir, 'events.jsonl');
const scenario = [...generateScenario({ events: 3000 })];
writeFileSync(events, scenario.map((e) => JSON.stringify(e)).join('\n'));

describe('riskline replay', () => {
  it('chains tagger and accumulator over a log file and prints all three kinds, and a summary', async () => {
    const { code, lines, err } = await run(replayCommand, ['--rules', rules, '--events', events]);
    expect(code).toBe(0);
    const kinds = new Set(lines.map((l) => l.kind));
    expect([...kinds].sort()).toEqual(['contribution', 'detection', 'incident']);
    const contributed = new Set(
      lines
        .filter((l) => l.kind === 'contribution')
        .map((l) => `${l.key} ${String(l.value['rule_id'])} ${String(l.value['event_time'])}`),
    );
    // Every incident is built from contributions this very run printed, for its own entity.
    for (const incident of lines.filter((l) => l.kind === 'incident')) {
      expect(incident.key).toBe(
        `${String(incident.value['entity_type'])}:${String(incident.value['entity_value'])}`,
      );
      for (const ref of incident.value['refs'] as { rule: string; timestamp: string }[])
        expect(contributed).toContain(`${incident.key} ${ref.rule} ${ref.timestamp}`);
    }
    const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
    expect(err.at(-1)).toMatch(
      new RegExp(
        `^events: ${scenario.length}, malformed: 0, detections: ${count('detection')}, contributions: ${count('contribution')}, ` +
          `incidents: ${count('incident')}, dead letters: 0, rules loaded: \\d+, rules unmapped: 0, rules failed: 0, load: \\d+ ms, \\d+ events/s$`,
      ),
    );
  });

  it('prints only the kinds --output names, and `tag | risk` gives the same incidents', async () => {
    const replayed = await run(replayCommand, [
      '--rules',
      rules,
      '--events',
      events,
      '--output',
      'incidents',
    ]);
    expect(replayed.code).toBe(0);
    expect(new Set(replayed.lines.map((l) => l.kind))).toEqual(new Set(['incident']));

    const tagged = await run(tagCommand, ['--rules', rules, '--events', events]);
    expect(tagged.code).toBe(0);
    expect(new Set(tagged.lines.map((l) => l.kind))).toEqual(new Set(['detection', 'contribution']));
    const tagOutput = join(dir, 'tagged.jsonl');
    writeFileSync(tagOutput, tagged.out.join('\n'));
    const risked = await run(riskCommand, ['--contributions', tagOutput]);
    expect(risked.code).toBe(0);
    expect(risked.lines).toEqual(replayed.lines);
  });

  it('reports an event the tagger refuses as a dead letter with file and line, and goes on', async () => {
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ source_kind: 'honeypot.command', command: 'wget http://x' }),
        '"just a string"',
        '{"broken": ',
      ].join('\n'),
    );
    const { code, err } = await run(tagCommand, ['--rules', rules, '--events', file]);
    expect(code).toBe(0);
    expect(err).toContainEqual(expect.stringMatching(new RegExp(`^dead letter ${file}:1: `)));
    expect(err).toContainEqual(expect.stringMatching(new RegExp(`^malformed record ${file}:2: `)));
    expect(err.at(-1)).toMatch(/^events: 1, malformed: 2, detections: 0, contributions: 0, dead letters: 1,/);
  });

  it('explains its usage', async () => {
    expect((await run(replayCommand, ['--events', events])).code).toBe(2);
    const badOutput = await run(replayCommand, ['--rules', rules, '--events', events, '--output', 'alerts']);
    expect(badOutput.code).toBe(2);
    expect(badOutput.err[0]).toMatch(/^--output: 'alert' is not one of detection, contribution, incident\n/);
    expect((await run(riskCommand, [])).code).toBe(2);
  });
});
