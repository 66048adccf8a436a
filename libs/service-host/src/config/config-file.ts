/**
 * A configuration file named by an environment variable (or built-in defaults when unset),
 * read and parsed before the service starts. Either failure is a ConfigError naming the
 * variable: the file cannot be read, or the parser reports `problems` (each a key path).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

export function loadConfigFile<T>(
  variable: string,
  path: string | undefined,
  defaults: string,
  parse: (text: string, source: string) => T,
): T {
  let text: string;
  try {
    text = path ? readFileSync(path, 'utf8') : defaults;
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
    const problems = (error as { problems?: unknown }).problems;
    if (!Array.isArray(problems)) throw error;
    throw new ConfigError(
      problems.map((message) => ({ key: `${variable} (${source})`, message: String(message) })),
    );
  }
}
