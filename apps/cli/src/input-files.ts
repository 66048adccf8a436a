/**
 * The files an offline command reads: a file is taken as is, a directory contributes every
 * file below it whose name matches the kind (rules: .yml/.yaml; records: .json/.jsonl/.ndjson),
 * hidden paths skipped, in sorted order so runs are reproducible; `-` is standard input. The
 * domain libraries do no I/O; this is where the CLI reads text for them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class InputError extends Error {}

export interface TextFile {
  readonly name: string;
  readonly text: string;
}

export const RULE_FILES = /\.ya?ml$/i;
export const RECORD_FILES = /\.(json|jsonl|ndjson)$/i;

function statOf(path: string, what: string) {
  try {
    return statSync(path);
  } catch (error) {
    throw new InputError(
      `cannot read ${what} '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Every input file named by `paths`, directories walked; `-` stays as standard input. */
export function expandPaths(paths: readonly string[], what: string, names: RegExp): string[] {
  return paths.flatMap((path) => {
    if (path === '-') return [path];
    if (!statOf(path, what).isDirectory()) return [path];
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((f) => names.test(f) && !f.split(/[\\/]/).some((part) => part.startsWith('.')))
      .sort()
      .map((f) => join(path, f))
      .filter((f) => statSync(f).isFile());
  });
}

/** Total bytes of the files (for the progress bar); null when one is standard input. */
export function totalSize(files: readonly string[]): number | null {
  let total = 0;
  for (const file of files) {
    if (file === '-') return null;
    total += statSync(file).size;
  }
  return total;
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
