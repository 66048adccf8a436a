/**
 * `riskline schemas` — prints the topic contracts as one JSON Schema document (draft-07),
 * derived from the message classes: what each topic carries, its key and DLQ, and every
 * message's definition. The copy published in libs/contracts/schemas is this output.
 */
import { contractSchemas } from '@riskline/contracts';
import type { Io } from './io';

export const SCHEMAS_USAGE = 'usage: riskline schemas   (JSON Schema of every topic contract, on stdout)';

export function schemasCommand(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length > 0) {
    io.err(SCHEMAS_USAGE);
    return Promise.resolve(2);
  }
  io.out(JSON.stringify(contractSchemas(), null, 2));
  return Promise.resolve(0);
}
