/**
 * Rule and mapping files from paths on disk: a file is taken as is, a directory contributes
 * every .yml/.yaml file below it, in sorted order so loads are reproducible. The domain
 * library does no I/O; this is where the CLI (and later the tagger) reads text for it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class InputError extends Error {}

export interface TextFile {
  readonly name: string;
  readonly text: string;
}

const YAML_FILE = /\.ya?ml$/i;

export function expandRulePaths(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new InputError(
        `cannot read rules at '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    if (!stat.isDirectory()) return [path];
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((f) => YAML_FILE.test(f))
      .sort()
      .map((f) => join(path, f));
  });
}

export function readTextFile(path: string, what: string): TextFile {
  try {
    return { name: path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new InputError(
      `cannot read ${what} '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
