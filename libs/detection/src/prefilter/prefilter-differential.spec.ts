/**
 * The prefilter never changes what fires: over SigmaHQ's whole public corpus (plus rules aimed at
 * the prefilter's known hard cases), events generated from each rule's own values — hits and
 * near misses: cased, truncated, wrapped, dash-swapped, regex sources unescaped, base64- and
 * UTF-16-encoded — fire exactly the same rules through the prefiltered engine as through the
 * engine that evaluates every rule. The prefilter can only drop rules, never add them, so each
 * event is checked against the rule it was made from (evaluated alone, unfiltered) and a sample
 * against the whole unfiltered corpus; evaluating all ~1,400 rules unfiltered on every one of the
 * ~66k events would take minutes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DetectionEngine } from '../detection-engine';
import { loadRuleText, type Rule } from '../load-rules';
import { DEFAULT_MAPPING_YAML } from '../logsource/default-mapping';
import { loadMapping } from '../logsource/load-mapping';
import type { SigmaRule } from '../sigma/sigma-rule';
import { requireSharedSigma } from '../testing/shared-sigma';

const root = requireSharedSigma();
const { mapping } = loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]);

/** Rules at the edges a literal reader gets wrong: code-point escapes, `]` in a class, many flags. */
const HARD_CASES = `
title: hex escape
id: hard-hex
logsource: {category: process_creation, product: windows}
detection: {sel: {CommandLine|re: '\\x41bc\\x2Ddef'}, condition: sel}
---
title: escaped bracket in a class
id: hard-class
logsource: {category: process_creation, product: windows}
detection: {sel: {CommandLine|re: '[\\]x]yz-tail'}, condition: sel}
---
title: posix class and braces
id: hard-posix
logsource: {category: process_creation, product: windows}
detection: {sel: {CommandLine|re: 'ab[[:digit:]]cd\\x{41}ef'}, condition: sel}
---
title: quoted run
id: hard-quote
logsource: {category: process_creation, product: windows}
detection: {sel: {CommandLine|re: 'k\\Q[x]\\Eqq'}, condition: sel}
---
title: five windash flags
id: hard-windash
logsource: {category: process_creation, product: windows}
detection: {sel: {CommandLine|windash|contains: ' -a -b -c -d -e '}, condition: sel}
`;

function corpusFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [{ name: 'hard-cases.yml', text: HARD_CASES }];
  for (const dir of ['rules', 'rules-with-regression-tests'])
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }))
      if (file.endsWith('.yml'))
        out.push({ name: join(dir, file), text: readFileSync(join(root, dir, file), 'utf8') });
  return out;
}

/** The texts an event may hold for a rule value: the value itself and its near misses. */
function variantsOf(value: string, modifiers: readonly string[]): string[] {
  const plain = value.replace(/\\([*?\\])/g, '$1').replace(/[*?]/g, '');
  const base = modifiers.includes('re')
    ? plain
        .replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\\x\{([0-9a-fA-F]+)\}/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\[\[:digit:\]\]/g, '7')
        .replace(/\\Q(.*?)\\E/g, '$1')
        .replace(/\[\\\]x\]/g, ']')
        .replace(/\\[sdwb]\+?/g, ' ')
        .replace(/\.\*|\.\+/g, 'x')
        .replace(/[\\^$()]/g, '')
    : plain;
  const out = [
    base,
    base.toUpperCase(),
    base.slice(0, -1),
    base.slice(1),
    `pre ${base} post`,
    base.replace(/-/g, '/'),
    base.replace(/ -/g, ' \u2013'),
    base.replace(/ -(\w) -/, ' /$1 \u2014'),
  ];
  if (modifiers.some((m) => m.startsWith('base64') || m === 'wide' || m.startsWith('utf16'))) {
    out.push(Buffer.from(base).toString('base64'), Buffer.from(base, 'utf16le').toString('base64'));
    out.push(`x${Buffer.from(`ab${base}`).toString('base64')}`);
  }
  return out;
}

type Selection = Record<string, unknown>;

function selectionsOf(detection: unknown): Selection[] {
  if (typeof detection !== 'object' || detection === null) return [];
  const out: Selection[] = [];
  for (const [name, value] of Object.entries(detection as Record<string, unknown>)) {
    if (name === 'condition' || name === 'timeframe') continue;
    const maps = Array.isArray(value) ? value : [value];
    for (const map of maps)
      if (typeof map === 'object' && map !== null && !Array.isArray(map)) out.push(map as Selection);
  }
  return out;
}

/** Events for one rule: its log source's conditions, and each selection's fields in each variant. */
function eventsFor(rule: SigmaRule, detection: unknown): Record<string, unknown>[] {
  const alternative = mapping.alternativesFor(rule.logsource)[0];
  if (!alternative) return [];
  const base: Record<string, unknown> = {};
  for (const [field, accepted] of Object.entries(alternative.conditions)) base[field] = accepted[0];
  const events: Record<string, unknown>[] = [];
  for (const selection of selectionsOf(detection)) {
    const fields = Object.entries(selection).map(([spec, raw]) => {
      const [field = '', ...modifiers] = spec.split('|');
      const values = (Array.isArray(raw) ? raw : [raw]).filter(
        (v) => typeof v === 'string' || typeof v === 'number',
      );
      return { field: alternative.fieldmappings.get(field) ?? field, modifiers, values: values.map(String) };
    });
    const width = Math.max(1, ...fields.map((f) => f.values.length));
    for (let v = 0; v < Math.min(width, 3); v++)
      for (let k = 0; k < 10; k++) {
        const event: Record<string, unknown> = { ...base };
        for (const f of fields) {
          const value = f.values[v % Math.max(f.values.length, 1)];
          if (value === undefined || f.field === '') continue;
          const variants = variantsOf(value, f.modifiers);
          event[f.field] = variants[k % variants.length];
        }
        events.push(event);
      }
  }
  return events;
}

describe('prefilter safety', () => {
  const files = corpusFiles();
  const rules: Rule[] = [];
  const seen = new Set<string>();
  const events: { rule: SigmaRule; event: Record<string, unknown> }[] = [];
  for (const file of files) {
    const loaded = loadRuleText(file.name, file.text);
    const documents = parseAllDocuments(file.text).map(
      (d) => d.toJS() as { id?: string; detection?: unknown },
    );
    for (const rule of loaded.rules) {
      if (rule.kind !== 'sigma' || seen.has(rule.id)) continue;
      seen.add(rule.id);
      rules.push(rule);
      for (const event of eventsFor(rule, documents.find((d) => d.id === rule.id)?.detection))
        events.push({ rule, event });
    }
  }
  const prefiltered = new DetectionEngine(rules, mapping);
  const reference = new DetectionEngine(rules, mapping, { prefilter: false });
  const alone = new Map(rules.map((r) => [r, new DetectionEngine([r], mapping, { prefilter: false })]));
  const ids = (engine: DetectionEngine, event: Record<string, unknown>) =>
    engine.evaluate(event).map((f) => f.rule.id);

  it('fires every rule on each event made from it exactly when the rule, unfiltered, fires', () => {
    expect(rules.length).toBeGreaterThan(1300);
    expect(events.length).toBeGreaterThan(20_000);
    const missed: string[] = [];
    let fired = 0;
    for (const { rule, event } of events) {
      const expected = ids(alone.get(rule)!, event).length > 0;
      const actual = ids(prefiltered, event).includes(rule.id);
      if (expected) fired++;
      if (expected !== actual && missed.length < 20) missed.push(`${rule.id} on ${JSON.stringify(event)}`);
    }
    expect(missed).toEqual([]);
    // Generated from the rules' own values, a good share of the events are hits.
    expect(fired).toBeGreaterThan(events.length / 10);
  });

  it('fires exactly what the unfiltered corpus fires, on a sample of the events', () => {
    const differences: string[] = [];
    for (let i = 0; i < events.length; i += Math.floor(events.length / 1500)) {
      const { event } = events[i]!;
      const expected = ids(reference, event);
      const actual = ids(prefiltered, event);
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        differences.push(`${JSON.stringify(event)}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
    }
    expect(differences).toEqual([]);
  });

  it('covers the hard cases with events that fire them', () => {
    for (const id of ['hard-hex', 'hard-class', 'hard-posix', 'hard-quote', 'hard-windash'])
      expect(events.some((e) => e.rule.id === id && ids(prefiltered, e.event).includes(id))).toBe(true);
  });
});
