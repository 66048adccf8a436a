import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRuleDocuments } from '@riskline/detection';
import { RuleDocumentCache, ruleCachePath } from './rule-document-cache';

const RULE =
  'title: Whoami\nid: r-1\ndetection:\n  sel:\n    Image|endswith: \\whoami.exe\n  condition: sel\n';
const OTHER = 'title: Other\nid: r-2\ndetection:\n  sel:\n    CommandLine|contains: x\n  condition: sel\n';

function cacheFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'riskline-rule-cache-')), 'nested', 'rule-documents.json');
}

describe('RuleDocumentCache', () => {
  it('parses on a miss, then gives the same documents from the file, fresh objects each time', () => {
    const path = cacheFile();
    const first = RuleDocumentCache.open(path);
    expect(first.parse(RULE)).toEqual(parseRuleDocuments(RULE));
    first.save();
    expect(existsSync(path)).toBe(true);
    const second = RuleDocumentCache.open(path);
    const a = second.parse(RULE);
    const b = second.parse(RULE);
    expect(a).toEqual(parseRuleDocuments(RULE));
    expect(a).not.toBe(b);
    expect(a.documents[0]).not.toBe(b.documents[0]);
  });

  it('parses an edited file again and keeps only what the last run used', () => {
    const path = cacheFile();
    const first = RuleDocumentCache.open(path);
    first.parse(RULE);
    first.parse(OTHER);
    first.save();
    const second = RuleDocumentCache.open(path);
    const edited = RULE.replace('Whoami', 'Whoami (edited)');
    expect(second.parse(edited)).toEqual(parseRuleDocuments(edited));
    second.save();
    const entries = Object.keys(JSON.parse(readFileSync(path, 'utf8')).entries);
    expect(entries).toHaveLength(1);
  });

  it('caches parse errors as they are, and never results JSON would change (NaN, Infinity)', () => {
    const path = cacheFile();
    const cache = RuleDocumentCache.open(path);
    const broken = 'title: [unclosed\n';
    expect(cache.parse(broken)).toEqual(parseRuleDocuments(broken));
    const infinite = 'title: Inf\nid: r-3\nlevel: .inf\n';
    expect((cache.parse(infinite).documents[0] as { level: number }).level).toBe(Infinity);
    cache.save();
    const entries = JSON.parse(readFileSync(path, 'utf8')).entries as Record<string, string>;
    expect(Object.keys(entries)).toHaveLength(1);
    expect(RuleDocumentCache.open(path).parse(broken)).toEqual(parseRuleDocuments(broken));
  });

  it('ignores a corrupt file, a corrupt entry and another parser format', () => {
    const path = cacheFile();
    const cache = RuleDocumentCache.open(path);
    cache.parse(RULE);
    cache.save();
    const file = JSON.parse(readFileSync(path, 'utf8'));
    for (const key of Object.keys(file.entries)) file.entries[key] = '{"documents": [{"title": "forged"}';
    writeFileSync(path, JSON.stringify(file));
    expect(RuleDocumentCache.open(path).parse(RULE)).toEqual(parseRuleDocuments(RULE));
    writeFileSync(path, JSON.stringify({ ...file, parser: -1, entries: { any: '{}' } }));
    expect(RuleDocumentCache.open(path).parse(RULE)).toEqual(parseRuleDocuments(RULE));
    writeFileSync(path, 'not json');
    expect(RuleDocumentCache.open(path).parse(RULE)).toEqual(parseRuleDocuments(RULE));
  });

  it('costs only the parse when it cannot write', () => {
    // A regular file where the cache's directory should be: unwritable even for root.
    const blocker = join(mkdtempSync(join(tmpdir(), 'riskline-rule-cache-ro-')), 'file');
    writeFileSync(blocker, '');
    const cache = RuleDocumentCache.open(join(blocker, 'riskline', 'rule-documents.json'));
    expect(cache.parse(RULE)).toEqual(parseRuleDocuments(RULE));
    expect(() => cache.save()).not.toThrow();
  });

  it('lives under XDG_CACHE_HOME or ~/.cache, and is off with RISKLINE_RULE_CACHE=0', () => {
    expect(ruleCachePath({ XDG_CACHE_HOME: '/x' })).toBe('/x/riskline/rule-documents.json');
    expect(ruleCachePath({ RISKLINE_RULE_CACHE: '0' })).toBeNull();
  });
});
