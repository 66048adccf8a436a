/**
 * Sigma filters and rule collections through the catalog and the engine: a filter narrows the
 * rules it names (by id or name) or its logsource covers, across files; a reference to nothing
 * is that filter's load error; `action: global|reset|repeat` collections expand into rules.
 */
import { DetectionEngine } from '../detection-engine';
import { loadMapping } from '../logsource/load-mapping';
import { RuleCatalog } from '../rule-catalog';
import { loadRuleText } from '../load-rules';
import { expandCollection } from './rule-collection';
import { parsePlaceholders, PlaceholderError } from './placeholders';

const mapping = loadMapping([
  {
    name: 'm',
    text: 'logsources:\n  - {name: t, category: t, product: p, conditions: {Kind: [t]}}\n  - {name: u, category: u, product: p, conditions: {Kind: [u]}}\n',
  },
]).mapping;

const rule = (id: string, category = 't', extra = '') =>
  `title: ${id}\nid: ${id}\n${extra}logsource: {category: ${category}, product: p}\ndetection: {sel: {Image|endswith: '\\\\whoami.exe'}, condition: sel}\n`;

function fired(catalog: RuleCatalog, event: Record<string, unknown>): string[] {
  return new DetectionEngine(catalog.rules(), mapping).evaluate(event).map((f) => f.rule.id);
}

describe('Sigma filters', () => {
  const whoami = (kind: string, user: string) => ({ Kind: kind, Image: 'C:\\\\x\\\\whoami.exe', User: user });
  const filter = (rules: string, logsource = '{product: p}', key = 'filter') =>
    `title: admins\nid: f-admins\nlogsource: ${logsource}\n${key}:\n  ${rules}\n  selection: {User|startswith: 'adm_'}\n  condition: not selection\n`;

  it('ANDs its condition into the rules it names, by id or name, from another file', () => {
    const catalog = RuleCatalog.empty()
      .withFile('a.yml', `${rule('r1')}---\n${rule('r2', 't', 'name: second\n')}---\n${rule('r3')}`)
      .withFile('filters/mf_admins.yml', filter('rules: [r1, second]'));
    expect(catalog.errors()).toEqual([]);
    expect(fired(catalog, whoami('t', 'adm_bob'))).toEqual(['r3']);
    expect(fired(catalog, whoami('t', 'bob'))).toEqual(['r1', 'r2', 'r3']);
    expect(catalog.rules().find((r) => r.id === 'r1')).toMatchObject({ filteredBy: ['f-admins'] });
  });

  it('without rules, narrows every rule its logsource covers; global_filter is read too', () => {
    const catalog = RuleCatalog.empty()
      .withFile('a.yml', `${rule('r1')}---\n${rule('r2', 'u')}`)
      .withFile('f.yml', filter('{}', '{category: t, product: p}', 'global_filter').replace('  {}\n', ''));
    expect(fired(catalog, whoami('t', 'adm_x'))).toEqual([]);
    expect(fired(catalog, whoami('u', 'adm_x'))).toEqual(['r2']);
  });

  it('reports references to nothing and uncovered logsources as its own errors; the rules still load', () => {
    const catalog = RuleCatalog.empty()
      .withFile('a.yml', `${rule('r1')}---\n${rule('r2', 'u')}`)
      .withFile('f.yml', filter('rules: [r1, gone, r2]', '{category: t, product: p}'));
    expect(catalog.errors().map((e) => e.reason)).toEqual([
      "filter names rule 'gone', which is not loaded",
      "filter does not apply to rule 'r2': its logsource does not cover the rule's",
    ]);
    expect(fired(catalog, whoami('t', 'adm_x'))).toEqual([]);
    expect(fired(catalog, whoami('u', 'adm_x'))).toEqual(['r2']);
  });

  it('refuses a filter without an id or with a bad rules list', () => {
    const load = loadRuleText(
      'f.yml',
      `title: x\nlogsource: {product: p}\nfilter: {selection: {A: 1}, condition: not selection}\n---\n${filter('rules: [1]')}`,
    );
    expect(load.errors.map((e) => e.reason)).toEqual([
      'filter has no id',
      'filter.rules must be a list of rule ids or names',
    ]);
  });
});

describe('rule collections', () => {
  it('merges action: global into the documents after it, deep, until reset', () => {
    const text = [
      'action: global\ntitle: shared\nlogsource: {category: t, product: p}\ndetection: {filter: {User: adm}, condition: sel and not filter}\nlevel: high',
      "id: c1\ndetection: {sel: {Image|endswith: '\\\\whoami.exe'}}",
      "id: c2\ntitle: own title\ndetection: {sel: {Image|endswith: '\\\\net.exe'}}",
      'action: reset',
      rule('c3'),
    ].join('\n---\n');
    const load = loadRuleText('c.yml', text);
    expect(load.errors).toEqual([]);
    expect(load.rules.map((r) => [r.id, r.title, r.level])).toEqual([
      ['c1', 'shared', 'high'],
      ['c2', 'own title', 'high'],
      ['c3', 'c3', 'medium'],
    ]);
    const engine = new DetectionEngine(load.rules, mapping);
    expect(
      engine.evaluate({ Kind: 't', Image: 'a\\\\whoami.exe', User: 'bob' }).map((f) => f.rule.id),
    ).toEqual(['c1', 'c3']);
    expect(
      engine.evaluate({ Kind: 't', Image: 'a\\\\whoami.exe', User: 'adm' }).map((f) => f.rule.id),
    ).toEqual(['c3']);
  });

  it('repeats the previous rule with action: repeat, and reports misplaced actions', () => {
    const load = loadRuleText(
      'r.yml',
      `${rule('r1')}---\naction: repeat\nid: r1b\nlogsource: {category: u}\n---\naction: bogus\n`,
    );
    expect(load.rules.map((r) => [r.id, r.kind === 'sigma' ? r.logsource.category : null])).toEqual([
      ['r1', 't'],
      ['r1b', 'u'],
    ]);
    expect(load.errors.map((e) => e.reason)).toEqual(["action 'bogus' is not one of global, reset, repeat"]);
    expect(expandCollection([{ action: 'repeat', id: 'x' }])[0]).toHaveProperty('error');
  });
});

describe('placeholders', () => {
  it('reads name=values entries and refuses malformed ones by name', () => {
    expect([...parsePlaceholders(['admins=alice, bob', 'dc=dc1'])]).toEqual([
      ['admins', ['alice', 'bob']],
      ['dc', ['dc1']],
    ]);
    expect(() => parsePlaceholders(['admins'])).toThrow(PlaceholderError);
    expect(() => parsePlaceholders(['admins='])).toThrow("placeholder 'admins' has no values");
    expect(() => parsePlaceholders(['a=x', 'a=y'])).toThrow("placeholder 'a' is given twice");
  });
});
