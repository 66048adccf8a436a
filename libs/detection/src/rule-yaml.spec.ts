import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MAX_EXPANDED_NODES, parseRuleDocuments } from './rule-yaml';
import { requireSharedSigma } from './testing/shared-sigma';

describe('rule YAML', () => {
  it('reads every SigmaHQ rule file exactly as the yaml package does', () => {
    const root = requireSharedSigma();
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(1000);
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      const reference = parseAllDocuments(text, { uniqueKeys: true })
        .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown)
        .filter((d) => d !== null && d !== undefined);
      expect({ file, ...parseRuleDocuments(text) }).toEqual({ file, documents: reference, errors: [] });
    }
  });

  it('keeps dates and yes/no as strings (YAML 1.2 core schema)', () => {
    expect(parseRuleDocuments('date: 2024-01-31\nflag: yes\nn: 0x1F\n').documents).toEqual([
      { date: '2024-01-31', flag: 'yes', n: 31 },
    ]);
  });

  it('refuses duplicate keys and loads the good documents of a file with a bad one', () => {
    const parsed = parseRuleDocuments('title: a\n---\ntitle: b\ntitle: c\n---\ntitle: d\n');
    expect(parsed.documents).toEqual([{ title: 'a' }, { title: 'd' }]);
    expect(parsed.errors).toEqual([expect.stringMatching(/^not YAML: .*unique/i)]);
  });

  it('refuses a document whose aliases expand exponentially, without expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const parsed = parseRuleDocuments(`${levels.join('\n')}\n`);
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toEqual([
      `not YAML: aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes`,
    ]);
  });
});
