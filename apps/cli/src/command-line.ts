/**
 * The offline commands' argument parsing, on node:util's parseArgs: a list option takes every
 * value after it up to the next option (`--events a.json b.json logs/`), and may be repeated;
 * other options take one value or none. A usage mistake is a UsageError (exit 2).
 */
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type OptionKind = 'list' | 'string' | 'boolean';
export type OptionSpec = Readonly<Record<string, OptionKind>>;

export type ParsedOptions<T extends OptionSpec> = {
  [K in keyof T]: T[K] extends 'list' ? string[] : T[K] extends 'boolean' ? boolean : string | undefined;
};

export function parseCommandLine<T extends OptionSpec>(argv: readonly string[], spec: T): ParsedOptions<T> {
  let tokens;
  try {
    ({ tokens } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(spec).map(([name, kind]) => [
          name,
          { type: kind === 'boolean' ? 'boolean' : 'string', multiple: kind === 'list' },
        ]),
      ),
      allowPositionals: true,
      strict: true,
      tokens: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values: Record<string, string[] | string | boolean | undefined> = Object.fromEntries(
    Object.entries(spec).map(([name, kind]) => [
      name,
      kind === 'list' ? [] : kind === 'boolean' ? false : undefined,
    ]),
  );
  let lastList: string | null = null;
  for (const token of tokens) {
    if (token.kind === 'option') {
      const kind = spec[token.name];
      lastList = kind === 'list' ? token.name : null;
      if (kind === 'list') (values[token.name] as string[]).push(token.value!);
      else if (kind === 'boolean') values[token.name] = true;
      else values[token.name] = token.value;
    } else if (token.kind === 'positional') {
      if (lastList === null) throw new UsageError(`unexpected argument '${token.value}'`);
      (values[lastList] as string[]).push(token.value);
    } else {
      lastList = null; // `--` ends a list
    }
  }
  return values as ParsedOptions<T>;
}
