/**
 * How an offline command ends when its input fails it: an unreadable input or settings file
 * (exit 2) or a malformed record under `--strict` (exit 1) is reported on one line, and the
 * summary of what was done so far is printed all the same. Anything else is a bug and throws.
 */
import { InputError } from './input-files';
import type { Io } from './io';
import { StrictAbort } from './json-records';

export function failedRun(command: string, error: unknown, io: Io, summary: () => void): number {
  if (error instanceof StrictAbort) {
    io.err(`riskline ${command}: --strict: ${error.message}`);
    summary();
    return 1;
  }
  if (error instanceof InputError) {
    io.err(`riskline ${command}: ${error.message}`);
    summary();
    return 2;
  }
  throw error;
}
