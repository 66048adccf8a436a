/**
 * A settings file given to an offline command (or the shipped defaults when none is), parsed by
 * its domain library. A file that cannot be read or does not validate is an InputError listing
 * every problem with its key path, the same problems a service refuses to start with.
 */
import { InputError, readTextFile } from './input-files';

export function readSettings<T>(
  path: string | undefined,
  defaults: string,
  parse: (text: string, source: string) => T,
  what: string,
): T {
  const text = path ? readTextFile(path, what).text : defaults;
  try {
    return parse(text, path ?? 'defaults');
  } catch (error) {
    const problems = (error as { problems?: unknown }).problems;
    if (!Array.isArray(problems)) throw error;
    throw new InputError(`${what} '${path ?? 'defaults'}': ${problems.map(String).join('; ')}`);
  }
}
