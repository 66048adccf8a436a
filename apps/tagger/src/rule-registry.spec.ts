import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMapping, DEFAULT_MAPPING_YAML } from '@riskline/detection';
import { silentLog } from '@riskline/stream-runtime';
import { RuleRegistry } from './rule-registry';

const rule = (id: string) => `title: ${id}
id: ${id}
logsource: { product: windows }
detection: { sel: { EventID: 1 }, condition: sel }
level: low
`;

/** A directory laid out as a Kubernetes ConfigMap volume: name → ..data/name → ..<ts>/name. */
function configMapVolume(files: Record<string, string>): {
  dir: string;
  update: (next: Record<string, string>) => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'riskline-cm-'));
  let version = 0;
  const write = (next: Record<string, string>) => {
    const stamp = `..2026_12_02_00_00_0${version++}.000`;
    mkdirSync(join(dir, stamp));
    for (const [name, text] of Object.entries(next)) writeFileSync(join(dir, stamp, name), text);
    symlinkSync(stamp, join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    for (const name of Object.keys(next)) {
      try {
        symlinkSync(join('..data', name), join(dir, name));
      } catch {
        // already linked through ..data
      }
    }
  };
  write(files);
  return { dir, update: write };
}

describe('RuleRegistry on a ConfigMap volume', () => {
  it('loads each file once (not its ..data and timestamped copies) and follows an atomic update', () => {
    const volume = configMapVolume({ 'a.yml': rule('cm-rule-a') });
    const registry = new RuleRegistry({
      paths: [volume.dir],
      mapping: loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping,
      sourceKindField: 'source_kind',
      log: silentLog,
    });
    registry.refresh();
    expect(registry.errors).toEqual([]);
    expect(registry.rules.map((r) => r.id)).toEqual(['cm-rule-a']);
    expect(registry.sourceOf('cm-rule-a')).toBe('a.yml');
    volume.update({ 'a.yml': rule('cm-rule-a2') });
    registry.refresh();
    expect(registry.errors).toEqual([]);
    expect(registry.rules.map((r) => r.id)).toEqual(['cm-rule-a2']);
  });
});
