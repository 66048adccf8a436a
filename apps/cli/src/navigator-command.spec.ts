/**
 * `riskline navigator` on the bundled rule pack and on detections: the layers validate against
 * the Navigator's layer format 4.5 (its required fields and value rules, as a JSON Schema run by
 * ajv) and carry exactly the techniques the rules tag.
 */
import Ajv from 'ajv';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attackFromTags } from '@riskline/detection';
import { parse } from 'yaml';
import type { Io } from './io';
import { navigatorCommand } from './navigator-command';

/** Layer format 4.5 (mitre-attack/attack-navigator layers/spec/v4.5/layerformat.md). */
const LAYER_4_5 = {
  type: 'object',
  required: ['name', 'domain', 'versions'],
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    domain: { enum: ['enterprise-attack', 'mobile-attack', 'ics-attack'] },
    versions: {
      type: 'object',
      required: ['navigator', 'layer'],
      properties: {
        attack: { type: 'string' },
        navigator: { type: 'string', pattern: '^(4\\.(9|[1-9]\\d)|[5-9]|\\d{2,})(\\.\\d+)*$' },
        layer: { const: '4.5' },
      },
    },
    sorting: { enum: [0, 1, 2, 3] },
    hideDisabled: { type: 'boolean' },
    layout: {
      type: 'object',
      properties: {
        layout: { enum: ['side', 'flat', 'mini'] },
        showID: { type: 'boolean' },
        showName: { type: 'boolean' },
        expandedSubtechniques: { enum: ['none', 'all', 'annotated'] },
      },
    },
    techniques: {
      type: 'array',
      items: {
        type: 'object',
        required: ['techniqueID'],
        properties: {
          techniqueID: { type: 'string', pattern: '^T\\d{4}(\\.\\d{3})?$' },
          tactic: { type: 'string' },
          comment: { type: 'string' },
          enabled: { type: 'boolean' },
          score: { type: 'number' },
          color: { type: 'string' },
          showSubtechniques: { type: 'boolean' },
          metadata: {
            type: 'array',
            items: {
              oneOf: [
                {
                  type: 'object',
                  required: ['name', 'value'],
                  properties: { name: { type: 'string' }, value: { type: 'string' } },
                },
                { type: 'object', required: ['divider'], properties: { divider: { type: 'boolean' } } },
              ],
            },
          },
        },
      },
    },
    gradient: {
      type: 'object',
      required: ['colors', 'minValue', 'maxValue'],
      properties: {
        colors: { type: 'array', minItems: 2, items: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' } },
        minValue: { type: 'number' },
        maxValue: { type: 'number' },
      },
    },
    legendItems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'color'],
        properties: { label: { type: 'string' }, color: { type: 'string' } },
      },
    },
    metadata: { type: 'array' },
  },
};

const validate = new Ajv({ allErrors: true }).compile(LAYER_4_5);
const RULES = join(__dirname, '../../../rules');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await navigatorCommand(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  } satisfies Io);
  return { code, json: out.length ? (JSON.parse(out.join('\n')) as unknown) : null, err };
}

function expectValid(layer: unknown) {
  expect(validate(layer) ? [] : validate.errors).toEqual([]);
  const l = layer as { gradient: { minValue: number; maxValue: number } };
  expect(l.gradient.maxValue).toBeGreaterThan(l.gradient.minValue);
}

/** Every technique the rule files tag (Sigma tags; native rules' emits, sub-technique included). */
function techniquesOf(dir: string): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(e.name))
        for (const doc of readFileSync(path, 'utf8')
          .split(/^---$/m)
          .map((t) => parse(t) as Record<string, unknown> | null)) {
          if (!doc) continue;
          for (const t of attackFromTags((doc['tags'] as string[] | undefined) ?? []).techniques)
            found.add(t);
          for (const e of (doc['emits'] as
            { technique_id?: string; sub_technique_id?: string }[] | undefined) ?? [])
            if (e.technique_id)
              found.add(e.sub_technique_id ? `${e.technique_id}.${e.sub_technique_id}` : e.technique_id);
        }
    }
  };
  walk(dir);
  return [...found].sort();
}

describe('riskline navigator', () => {
  it("exports the bundled rule pack's coverage as a valid 4.5 layer with exactly its techniques", async () => {
    const { code, json } = await run(['--rules', RULES]);
    expect(code).toBe(0);
    expectValid(json);
    const layer = json as { techniques: { techniqueID: string; score: number; comment: string }[] };
    expect(layer.techniques.map((t) => t.techniqueID)).toEqual(techniquesOf(RULES));
    expect(layer.techniques.every((t) => t.score >= 1 && /^\d+ rules?: /.test(t.comment))).toBe(true);
  });

  it('scores SigmaHQ coverage by rules per technique, sub-techniques shown under their parents', async () => {
    const { code, json } = await run([
      '--rules',
      join(__dirname, '../../../../shared/sigma/rules/windows/process_creation'),
    ]);
    expect(code).toBe(0);
    expectValid(json);
    const layer = json as {
      techniques: { techniqueID: string; score: number; showSubtechniques: boolean }[];
    };
    const byId = new Map(layer.techniques.map((t) => [t.techniqueID, t]));
    expect(byId.size).toBeGreaterThan(100);
    expect(byId.get('T1059.001')!.score).toBeGreaterThan(10);
    if (byId.has('T1059')) expect(byId.get('T1059')!.showSubtechniques).toBe(true);
  });

  it('exports detections in an event-time range beside coverage, as a list of layers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskline-navigator-'));
    const detection = (time: string, techniques: string[], title: string) => ({
      schema_version: 1,
      detection_id: '00000000-0000-5000-8000-000000000001',
      rule_id: 'r',
      rule_version: 1,
      rule_title: title,
      rule_kind: 'sigma',
      level: 'high',
      confidence: 1,
      score: 50,
      tactics: ['execution'],
      techniques,
      event_time: time,
      source: { topic: 'soc.events', partition: 0, offset: '1' },
      entities: [],
    });
    const file = join(dir, 'detections.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({
          kind: 'detection',
          key: 'k',
          value: detection('2026-01-01T10:00:00Z', ['T1059.001'], 'PowerShell'),
        }),
        JSON.stringify(detection('2026-01-01T11:00:00Z', ['T1059.001', 'T1003'], 'Dump')),
        JSON.stringify(detection('2026-01-02T11:00:00Z', ['T1021'], 'Outside the range')),
        JSON.stringify({ kind: 'contribution', value: {} }),
        '{"schema_version": 1}',
      ].join('\n'),
    );
    const { code, json, err } = await run([
      '--rules',
      RULES,
      '--detections',
      file,
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2026-01-02T00:00:00Z',
    ]);
    expect(code).toBe(0);
    const [coverage, fired] = json as [unknown, { techniques: { techniqueID: string; score: number }[] }];
    expectValid(coverage);
    expectValid(fired);
    expect(fired.techniques.map((t) => [t.techniqueID, t.score])).toEqual([
      ['T1003', 1],
      ['T1059.001', 2],
    ]);
    expect(err).toEqual([expect.stringMatching(/^not a detection .*:5: /), 'layers: 2, malformed: 1']);
  });

  it('refuses bad usage with the reason', async () => {
    expect((await run([])).code).toBe(2);
    const bad = await run(['--rules', RULES, '--from', 'yesterday']);
    expect([bad.code, bad.err[0]]).toEqual([2, expect.stringMatching(/--from: 'yesterday' is not a time/)]);
  });
});
