/**
 * `riskline schemas [--asyncapi]` — prints the topic contracts as one JSON Schema document
 * (draft-07), derived from the message classes: what each topic carries, its key and DLQ, and
 * every message's definition; with `--asyncapi`, the same as an AsyncAPI 3.0 document (channels,
 * writers' and readers' operations, messages). The copies published in libs/contracts/schemas
 * are these outputs.
 */
import { contractAsyncApi, contractSchemas } from '@riskline/contracts';
import type { Io } from './io';

export const SCHEMAS_USAGE =
  'usage: riskline schemas [--asyncapi]   (JSON Schema, or AsyncAPI 3.0, of every topic contract, on stdout)';

export function schemasCommand(argv: readonly string[], io: Io): Promise<number> {
  const asyncapi = argv.length === 1 && argv[0] === '--asyncapi';
  if (argv.length > 0 && !asyncapi) {
    io.err(SCHEMAS_USAGE);
    return Promise.resolve(2);
  }
  io.out(JSON.stringify(asyncapi ? contractAsyncApi() : contractSchemas(), null, 2));
  return Promise.resolve(0);
}
