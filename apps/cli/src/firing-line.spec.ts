import type { Rule } from '@riskline/detection';
import { FiringLineWriter, type FiringLine } from './firing-line';

const rule = (fields: Partial<Rule>): Rule =>
  ({
    id: 'r-1',
    title: 'Whoami',
    level: 'medium',
    tactics: ['discovery'],
    techniques: ['T1033'],
    ...fields,
  }) as Rule;

/** What the line must equal: JSON.stringify of the FiringLine object. */
function expected(source: string, line: number, index: number, r: Rule): string {
  const firing: FiringLine = {
    source,
    line,
    event_index: index,
    rule_id: r.id,
    rule_title: r.title,
    level: r.level,
    tactics: r.tactics,
    techniques: r.techniques,
  };
  return JSON.stringify(firing);
}

describe('FiringLineWriter', () => {
  it('writes exactly JSON.stringify of the firing, escaping included, for every rule and source', () => {
    const writer = new FiringLineWriter();
    const rules = [
      rule({}),
      rule({
        id: 'r-"2"',
        title: 'Quote " backslash \\ tab \t and ünïcödé \u2028',
        tactics: [],
        techniques: [],
      }),
      rule({ id: 'r-3', title: 'No level', level: undefined as unknown as string }),
    ];
    const sources = ['events.jsonl', 'C:\\logs\\"odd".json', '-'];
    for (const source of sources)
      for (const [i, r] of rules.entries())
        for (const again of [0, 1])
          expect(writer.text(source, i + 1 + again, i, r)).toBe(expected(source, i + 1 + again, i, r));
  });

  it('writes each rule as it is, not as the first rule it saw with the same id', () => {
    const writer = new FiringLineWriter();
    const a = rule({ title: 'A' });
    const b = rule({ title: 'B' });
    expect(JSON.parse(writer.text('s', 1, 0, a)).rule_title).toBe('A');
    expect(JSON.parse(writer.text('s', 1, 0, b)).rule_title).toBe('B');
  });
});
