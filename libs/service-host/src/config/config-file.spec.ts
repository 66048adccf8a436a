import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsError } from '@riskline/settings';
import { ConfigError } from './config-error';
import { loadConfigFile } from './config-file';

const parse = (text: string, source: string) => {
  if (text.startsWith('bad'))
    throw new SettingsError(source, ['scores.default: must be a non-negative number']);
  if (text.startsWith('crash')) throw new TypeError('parser bug');
  return text.trim() || 'defaults';
};

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return null;
}

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-file-'));
  writeFileSync(join(dir, 'good.yml'), 'good\n');
  writeFileSync(join(dir, 'bad.yml'), 'bad\n');
  writeFileSync(join(dir, 'crash.yml'), 'crash\n');

  it('parses the file, or an empty one (the defaults) when no path is configured', () => {
    expect(loadConfigFile('RISK_CONFIG', join(dir, 'good.yml'), parse)).toBe('good');
    expect(loadConfigFile('RISK_CONFIG', undefined, parse)).toBe('defaults');
  });

  it('names the variable for an unreadable file and for each parse problem', () => {
    expect(problemsOf(() => loadConfigFile('RISK_CONFIG', join(dir, 'nope.yml'), parse))).toEqual([
      { key: 'RISK_CONFIG', message: `cannot read '${join(dir, 'nope.yml')}': ENOENT` },
    ]);
    expect(problemsOf(() => loadConfigFile('RISK_CONFIG', join(dir, 'bad.yml'), parse))).toEqual([
      {
        key: `RISK_CONFIG (${join(dir, 'bad.yml')})`,
        message: 'scores.default: must be a non-negative number',
      },
    ]);
  });

  it('does not disguise a parser bug as an unreadable file', () => {
    expect(() => loadConfigFile('RISK_CONFIG', join(dir, 'crash.yml'), parse)).toThrow(TypeError);
  });
});
