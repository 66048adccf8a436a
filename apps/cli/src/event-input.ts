/**
 * Streams events from files or standard input (`-`), in file order, with their 0-based index
 * within the file. Reading is chunked, so input size does not bound memory.
 */
import { createReadStream, statSync } from 'node:fs';
import { EventStreamParser } from '@riskline/detection';
import { InputError } from './rule-files';

export interface EventInput {
  readonly source: string;
  readonly size: number | null;
}

export function eventInput(path: string): EventInput {
  if (path === '-') return { source: '-', size: null };
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(`events input '${path}' is a directory`);
    return { source: path, size: stat.size };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot read events '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

export async function* readEvents(
  input: EventInput,
  onBytes: (n: number) => void,
): AsyncGenerator<Record<string, unknown>> {
  const stream = input.source === '-' ? process.stdin : createReadStream(input.source);
  stream.setEncoding('utf8');
  const parser = new EventStreamParser();
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      onBytes(Buffer.byteLength(chunk));
      yield* parser.push(chunk);
    }
    parser.end();
  } catch (error) {
    throw new InputError(`${input.source}: ${(error as Error).message}`);
  }
}
