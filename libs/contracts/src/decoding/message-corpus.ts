/**
 * Test and benchmark data: one or more valid messages of every contract (message-corpus.jsonl —
 * real demo output, hand-written correlation inputs and dead letters), and every message schema
 * the contracts export, by name. Read by the decoding and JSON Schema tests and bench:decode.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '../index';
import type { MessageSchema } from '../schema';

export interface CorpusMessage {
  readonly schema: string;
  readonly value: Record<string, unknown>;
}

export function messageCorpus(): CorpusMessage[] {
  return readFileSync(join(__dirname, 'message-corpus.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CorpusMessage);
}

function isSchema(value: unknown): value is MessageSchema<unknown> {
  return typeof value === 'object' && value !== null && 'classFor' in value && 'versions' in value;
}

export function messageSchemas(): Map<string, MessageSchema<unknown>> {
  return new Map((Object.values(contracts) as unknown[]).filter(isSchema).map((s) => [s.name, s] as const));
}
