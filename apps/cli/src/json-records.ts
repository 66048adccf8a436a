/**
 * Message records from files or standard input for the offline commands: every JSON object in
 * the inputs, in order, validated against a message schema exactly as a service's consumer
 * would — a bad record is reported with its position and reason, and the others go on.
 */
import { guardJson, validatePlain, type MessageSchema } from '@riskline/contracts';
import { eventInput, readEvents } from './event-input';

export type JsonRecord<T> =
  | { readonly ok: true; readonly where: string; readonly value: T }
  | { readonly ok: false; readonly where: string; readonly reason: string };

export async function* readRecords<T>(
  paths: readonly string[],
  schema: MessageSchema<T>,
): AsyncGenerator<JsonRecord<T>> {
  for (const input of paths.map(eventInput)) {
    let index = 0;
    for await (const object of readEvents(input, () => undefined)) {
      const where = `${input.source}#${index++}`;
      const structural = guardJson(object);
      if (structural) {
        yield { ok: false, where, reason: structural.message };
        continue;
      }
      const decoded = validatePlain(schema, object);
      yield decoded.ok
        ? { ok: true, where, value: decoded.value }
        : { ok: false, where, reason: decoded.rejection.message };
    }
  }
}

export { readTextFile } from './rule-files';
