import { readSettings } from './read-settings';
import { settingsProblems } from './testing';
import {
  Duration,
  Entries,
  EntriesOf,
  Flag,
  ListOf,
  NumberIn,
  OneOf,
  PositiveInt,
  Section,
} from './settings-fields';

class Clip {
  @Flag() enabled = true;
  @NumberIn() threshold = 0.5;
}

class Item {
  @OneOf(['a', 'b']) kind = 'a';
  @Duration({ zeroAllowed: true }) every = '0s';
}

class Selector {
  @PositiveInt() weight = 1;
}

class Example {
  @Duration() window = '30d';
  @PositiveInt() size = 5;
  @Section(() => Clip) clip = new Clip();
  @ListOf(() => Item) items: Item[] = [Object.assign(new Item(), { kind: 'b' })];
  @Entries((v) => (v === 'x' ? [] : [{ at: '', message: 'must be x' }])) marks: Record<string, string> = {};
  @EntriesOf(Selector, (k) => (/^[a-z]+$/.test(k) ? null : 'lower-case letters only'))
  selectors: Record<string, Selector> = {};
}

const read = (text: string) => readSettings(Example, text, 'example settings');

const problems = (text: string) => settingsProblems(() => read(text));

describe('readSettings', () => {
  it('gives the initialisers for an empty file, and keeps the defaults a partial section leaves out', () => {
    const all = read('');
    expect(all).toBeInstanceOf(Example);
    expect(all).toMatchObject({ window: '30d', size: 5, clip: { enabled: true, threshold: 0.5 } });
    expect(all.items.map((i) => i.kind)).toEqual(['b']);
    const partial = read('clip: {threshold: 0.9}\nitems: [{every: 5m}]\nselectors: {web: {}}\n');
    expect(partial.clip).toEqual(Object.assign(new Clip(), { enabled: true, threshold: 0.9 }));
    expect(partial.items).toEqual([Object.assign(new Item(), { kind: 'a', every: '5m' })]);
    expect(partial.selectors['web']).toEqual(Object.assign(new Selector(), { weight: 1 }));
  });

  it('names every problem by its path, unknown keys included, in one error', () => {
    expect(
      problems(
        'window: soon\nsize: 1.5\ncolour: red\nclip: {threshold: 2, extra: 1}\n' +
          'items: [{kind: c}, 3]\nmarks: {m.n: y, ok: x}\nselectors: {Web: {weight: 0}, db: 4}\n',
      ),
    ).toEqual([
      'colour: unknown key',
      'window: must be a duration like 60s, 24h or 7d',
      'size: must be a positive integer',
      'clip.extra: unknown key',
      'clip.threshold: must be a number in (0, 1]',
      'items[0].kind: must be one of a, b',
      'items[1]: must be a mapping',
      'marks.m.n: must be x',
      'selectors.Web: lower-case letters only',
      'selectors.Web.weight: must be a positive integer',
      'selectors.db: must be a mapping',
    ]);
  });

  it('refuses what is not a YAML mapping, or a section that is not one', () => {
    expect(problems('a: [')).toEqual([expect.stringMatching(/^not YAML: /)]);
    expect(problems('- 1\n- 2\n')).toEqual(['must be a YAML mapping']);
    expect(problems('just text')).toEqual(['must be a YAML mapping']);
    expect(problems('clip: 3\nitems: {}\nmarks: []\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clip: must be a mapping/),
        expect.stringMatching(/^items: must be a list/),
        'marks: must be a mapping',
      ]),
    );
  });

  it('treats an empty key as a value to judge, not as its default', () => {
    expect(problems('window:\nsize:\n')).toEqual([
      'window: must be a duration like 60s, 24h or 7d',
      'size: must be a positive integer',
    ]);
  });

  it('refuses non-finite numbers and prototype keys without polluting anything', () => {
    expect(problems('clip: {threshold: .nan}\n')).toEqual(['clip.threshold: must be a number in (0, 1]']);
    expect(problems('clip: {threshold: .inf}\n')).toEqual(['clip.threshold: must be a number in (0, 1]']);
    expect(problems('clip: {__proto__: {polluted: true}}\n')).toEqual([
      "key '__proto__' is not allowed (at clip.__proto__)",
    ]);
    expect(problems('constructor: 1\n')).toEqual(["key 'constructor' is not allowed (at constructor)"]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('runs cross-field rules after the fields, all problems together', () => {
    const checked = () =>
      readSettings(Example, 'size: 0\n', 'example settings', (s) =>
        s.window === '30d' ? [{ at: 'window', message: 'must not be the default' }] : [],
      );
    expect(checked).toThrow(
      expect.objectContaining({
        problems: ['size: must be a positive integer', 'window: must not be the default'],
      }),
    );
    expect(checked).toThrow(/^example settings: size: must be a positive integer; window: must not/);
  });
});
