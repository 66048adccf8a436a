/**
 * A firing's risk message: the rule's `risk_message` template (Splunk's `$field$` syntax) with
 * each placeholder replaced by the event's value of that field, or the rule's title when it has
 * no template. A field the event lacks stays as written (`$User$`), so the gap is visible; `$$`
 * is a literal `$`. Invariant: the message is at most MAX_MESSAGE characters.
 */
import { readField, type EventObject } from '@riskline/detection';

export const MAX_MESSAGE = 1024;
const PLACEHOLDER = /\$([A-Za-z0-9_.@-]*)\$/g;

export function riskMessage(template: unknown, title: string, event: EventObject): string | undefined {
  const text =
    typeof template === 'string' && template.trim() !== ''
      ? template.replace(PLACEHOLDER, (token, field: string) => {
          if (field === '') return '$';
          const value = readField(event, field);
          return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : token;
        })
      : title;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > MAX_MESSAGE ? `${trimmed.slice(0, MAX_MESSAGE - 1)}…` : trimmed;
}
