/**
 * A settings file given to an offline command (or the shipped defaults when none is), parsed by
 * its domain library. A file that cannot be read or does not validate is an InputError listing
 * every problem with its key path, the same problems a service refuses to start with.
 */
import { SettingsError } from '@riskline/settings';
import { InputError, readTextFile } from './input-files';

export function settingsFromFile<T>(
  path: string | undefined,
  parse: (text: string, source: string) => T,
  what: string,
): T {
  const text = path ? readTextFile(path, what).text : '';
  try {
    return parse(text, path ?? 'defaults');
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new InputError(`${what} '${path ?? 'defaults'}': ${error.problems.join('; ')}`);
  }
}
