/**
 * The default mapping covers every Windows category and service SigmaHQ's rules use, as
 * SigmaHQ lists them in tests/logsource.json, and admits the events each is recorded in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireSharedSigma } from '../testing/shared-sigma';
import { DEFAULT_MAPPING_YAML } from './default-mapping';
import { loadMapping } from './load-mapping';
import { conditionsHold } from './logsource-mapping';

const root = requireSharedSigma();
const listed = JSON.parse(readFileSync(join(root, 'tests/logsource.json'), 'utf8')) as {
  legit: { windows: { category: Record<string, unknown>; service: Record<string, unknown> } };
};
const { mapping, errors } = loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]);

describe('the default log source mapping', () => {
  it('loads cleanly', () => expect(errors).toEqual([]));

  it('covers every Windows category SigmaHQ uses', () => {
    const categories = Object.keys(listed.legit.windows.category);
    expect(categories.length).toBeGreaterThan(30);
    const uncovered = categories.filter(
      (category) => mapping.alternativesFor({ product: 'windows', category }).length === 0,
    );
    expect(uncovered).toEqual([]);
  });

  it('covers every Windows service SigmaHQ uses', () => {
    const services = Object.keys(listed.legit.windows.service);
    expect(services.length).toBeGreaterThan(35);
    const uncovered = services.filter(
      (service) => mapping.alternativesFor({ product: 'windows', service }).length === 0,
    );
    expect(uncovered).toEqual([]);
  });

  it('admits PowerShell script blocks as ps_script, in either PowerShell channel, and nothing else', () => {
    const [alternative, ...more] = mapping.alternativesFor({ product: 'windows', category: 'ps_script' });
    expect(more).toEqual([]);
    const block = { EventID: 4104, Channel: 'Microsoft-Windows-PowerShell/Operational' };
    expect(conditionsHold(alternative!.conditions, block)).toBe(true);
    expect(conditionsHold(alternative!.conditions, { ...block, Channel: 'PowerShellCore/Operational' })).toBe(
      true,
    );
    expect(conditionsHold(alternative!.conditions, { ...block, EventID: 4103 })).toBe(false);
  });

  it('covers the Linux categories as Sysmon for Linux records them', () => {
    const linux = JSON.parse(readFileSync(join(root, 'tests/logsource.json'), 'utf8')) as {
      legit: { linux: { category: Record<string, unknown> } };
    };
    const uncovered = Object.keys(linux.legit.linux.category).filter(
      (category) => mapping.alternativesFor({ product: 'linux', category }).length === 0,
    );
    expect(uncovered).toEqual([]);
    const [alternative] = mapping.alternativesFor({ product: 'linux', category: 'process_creation' });
    expect(conditionsHold(alternative!.conditions, { EventID: 1, Channel: 'Linux-Sysmon/Operational' })).toBe(
      true,
    );
    expect(
      conditionsHold(alternative!.conditions, {
        EventID: 1,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
      }),
    ).toBe(false);
  });

  it('leaves a product it has no entries for unmapped', () => {
    expect(mapping.alternativesFor({ product: 'macos', category: 'process_creation' })).toEqual([]);
    expect(mapping.alternativesFor({ product: 'linux', service: 'auditd' })).toEqual([]);
  });
});
