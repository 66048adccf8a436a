/**
 * JSON records from files or standard input, streamed in order with the place each came from
 * (`file:line`). A malformed record is reported to the caller and skipped — or, with `strict`,
 * ends the run (StrictAbort) — so one bad line never costs the rest of the file.
 */
import { createReadStream } from 'node:fs';
import { EventStreamParser, type ParsedRecord } from '@riskline/detection';
import { InputError } from './input-files';

export interface JsonRecord {
  readonly where: string;
  readonly source: string;
  /** 1-based line where the record starts. */
  readonly line: number;
  /** 0-based index of the record within its file. */
  readonly index: number;
  readonly value: Record<string, unknown>;
}

/** A malformed record ended a `--strict` run. */
export class StrictAbort extends Error {}

export interface RecordReading {
  /** Told of each malformed record; the command reports it. */
  readonly onMalformed: (where: string, reason: string) => void;
  readonly strict: boolean;
  readonly onBytes?: (bytes: number) => void;
}

export async function* readJsonRecords(
  files: readonly string[],
  reading: RecordReading,
): AsyncGenerator<JsonRecord> {
  for (const source of files) {
    const stream = source === '-' ? process.stdin : createReadStream(source);
    stream.setEncoding('utf8');
    const parser = new EventStreamParser();
    let index = 0;
    const take = function* (records: ParsedRecord[]): Generator<JsonRecord> {
      for (const record of records) {
        const where = `${source}:${record.line}`;
        if ('error' in record) {
          reading.onMalformed(where, record.error);
          if (reading.strict) throw new StrictAbort(`${where}: ${record.error}`);
          continue;
        }
        yield { where, source, line: record.line, index: index++, value: record.event };
      }
    };
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        reading.onBytes?.(Buffer.byteLength(chunk));
        yield* take(parser.push(chunk));
      }
    } catch (error) {
      if (error instanceof StrictAbort) throw error;
      throw new InputError(`${source}: ${(error as Error).message}`);
    }
    yield* take(parser.end());
  }
}

/** The usual reading: each malformed record reported on stderr (and counted), then skipped. */
export function recordReading(
  io: { err(line: string): void },
  strict: boolean,
  onMalformed: () => void,
  onBytes?: (bytes: number) => void,
): RecordReading {
  return {
    strict,
    onMalformed: (where, reason) => {
      onMalformed();
      io.err(`malformed record ${where}: ${reason}`);
    },
    ...(onBytes ? { onBytes } : {}),
  };
}
