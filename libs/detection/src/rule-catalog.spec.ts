import { RuleCatalog } from './rule-catalog';

const rule = (id: string, field = 'A') =>
  `title: ${id}\nid: ${id}\nlogsource: {category: t}\ndetection: {sel: {${field}: 1}, condition: sel}\n`;

describe('RuleCatalog', () => {
  it('adds, replaces and removes the rules of one file without touching the others', () => {
    const a = RuleCatalog.empty().withFile('a.yml', rule('r1')).withFile('b.yml', rule('r2'));
    expect(a.rules().map((r) => r.id)).toEqual(['r1', 'r2']);
    const edited = a.withFile('a.yml', `${rule('r1')}---\n${rule('r3')}`);
    expect(edited.rules().map((r) => r.id)).toEqual(['r1', 'r3', 'r2']);
    expect(a.rules().map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(
      edited
        .withoutFile('a.yml')
        .rules()
        .map((r) => r.id),
    ).toEqual(['r2']);
    expect(edited.sourceOf('r3')).toBe('a.yml');
  });

  it('applies a batch of added, changed and removed files as one change', () => {
    const a = RuleCatalog.empty().withFiles([
      ['a.yml', rule('r1')],
      ['b.yml', rule('r2')],
    ]);
    const b = a.withFiles([
      ['a.yml', null],
      ['b.yml', rule('r2', 'B')],
      ['c.yml', rule('r3')],
    ]);
    expect(b.fileNames()).toEqual(['b.yml', 'c.yml']);
    expect(b.rules().map((r) => r.id)).toEqual(['r2', 'r3']);
    expect(a.rules().map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('keeps the other rules when a file breaks, and reports duplicates', () => {
    const broken = RuleCatalog.empty()
      .withFile('a.yml', rule('r1'))
      .withFile('b.yml', 'title: [')
      .withFile('c.yml', rule('r1'));
    expect(broken.rules().map((r) => r.id)).toEqual(['r1']);
    expect(broken.errors().map((e) => [e.source, e.reason.split(':')[0]])).toEqual([
      ['b.yml', 'not YAML'],
      ['c.yml', 'rule id already defined in a.yml'],
    ]);
  });
});
