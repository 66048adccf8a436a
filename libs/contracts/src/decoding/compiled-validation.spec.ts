/**
 * The compiled decoding path against the full one (plainToInstance + validateSync) on a corpus of
 * every contract: real messages the demo produced (and hand-written correlation inputs and dead
 * letters), then each of them broken one field at a time — removed, retyped, out of range, too
 * long, nested values broken, unknown keys added. Wherever the compiled path accepts, the full
 * path must accept with an equal instance (same classes); on the valid corpus it must accept
 * everything, or it is no hot path.
 */
import { isDeepStrictEqual } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compiledDecode } from './compiled-validation';
import { messageCorpus, messageSchemas } from './message-corpus';

const corpus = messageCorpus();
const schemas = messageSchemas();

function fullPath(cls: new () => unknown, plain: Record<string, unknown>) {
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance as object, { whitelist: true, forbidUnknownValues: true });
  return errors.length === 0 ? instance : null;
}

/** As JSON.parse makes them: jest's sandbox would give structuredClone's objects another realm. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const WRONG_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  2e6,
  '',
  'x',
  'x'.repeat(600),
  true,
  [],
  ['x'],
  [{}],
  {},
  { a: 1 },
];

/** Every way of breaking one field of `value`, at the top level and one level down. */
function mutations(value: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const at = (path: (string | number)[], replace: (holder: Record<string, unknown>, key: string) => void) => {
    const copy = clone(value);
    let holder: Record<string, unknown> = copy;
    for (const part of path.slice(0, -1)) holder = holder[part] as Record<string, unknown>;
    replace(holder, String(path[path.length - 1]));
    out.push(copy);
  };
  const visit = (node: unknown, path: (string | number)[], depth: number) => {
    if (typeof node !== 'object' || node === null) return;
    for (const key of Object.keys(node)) {
      const child = (node as Record<string, unknown>)[key];
      at([...path, key], (h, k) => delete h[k]);
      for (const wrong of WRONG_VALUES) at([...path, key], (h, k) => (h[k] = clone(wrong)));
      if (depth < 2) visit(child, [...path, key], depth + 1);
    }
    if (!Array.isArray(node)) at([...path, 'unknown_extra'], (h, k) => (h[k] = 'x'));
  };
  visit(value, [], 0);
  return out;
}

describe('compiled decoding', () => {
  it('has a corpus of every message contract', () => {
    expect([...new Set(corpus.map((c) => c.schema))].sort()).toEqual([...schemas.keys()].sort());
  });

  it('accepts every valid message of the corpus, as the full path does, with an equal instance', () => {
    for (const { schema, value } of corpus) {
      const cls = schemas.get(schema)!.classFor(value) as new () => unknown;
      const full = fullPath(cls, clone(value));
      expect(full).not.toBeNull();
      expect(compiledDecode(cls, clone(value))).toStrictEqual(full);
    }
  });

  it('never accepts what the full path refuses, nor differs from what it accepts', () => {
    let cases = 0;
    let refused = 0;
    const wrong: string[] = [];
    for (const { schema, value } of corpus)
      for (const mutated of mutations(value)) {
        const cls = schemas.get(schema)!.classFor(mutated);
        if ('unsupported' in cls) continue;
        cases++;
        const full = fullPath(cls, clone(mutated));
        const fast = compiledDecode(cls, clone(mutated));
        if (full === null) refused++;
        if (fast !== null && (full === null || !isDeepStrictEqual(fast, full)))
          wrong.push(`${schema}: ${JSON.stringify(mutated).slice(0, 300)}`);
      }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(cases).toBeGreaterThan(10_000);
    expect(refused).toBeGreaterThan(cases / 2);
  });
});
