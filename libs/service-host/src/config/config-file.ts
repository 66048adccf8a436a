/**
 * A settings file named by an environment variable, read and parsed before the service starts;
 * unset, the parser's defaults (it is given an empty file). Either failure is a ConfigError
 * naming the variable: the file cannot be read, or the parser throws a SettingsError whose
 * problems each name a key path.
 */
import { readFileSync } from 'node:fs';
import { SettingsError } from '@riskline/settings';
import { ConfigError } from './config-error';

export function loadConfigFile<T>(
  variable: string,
  path: string | undefined,
  parse: (text: string, source: string) => T,
): T {
  let text: string;
  try {
    text = path ? readFileSync(path, 'utf8') : '';
  } catch (error) {
    throw new ConfigError([
      {
        key: variable,
        message: `cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    ]);
  }
  const source = path ?? 'defaults';
  try {
    return parse(text, source);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new ConfigError(error.problems.map((message) => ({ key: `${variable} (${source})`, message })));
  }
}
