/**
 * Security events from text, in any of the shapes logs arrive in: JSON lines, one JSON array,
 * or JSON objects concatenated back to back (as some SigmaHQ regression files are). Pure.
 * Invariant: events come out in file order; text that is not JSON is an error naming where.
 */
export class EventParseError extends Error {}

/** Splits text into top-level JSON values by scanning braces outside strings. */
function topLevelValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) values.push(text.slice(start, i + 1));
      if (depth < 0) throw new EventParseError(`unbalanced '${c}' at character ${i}`);
    } else if (depth === 0 && !/\s/.test(c!)) {
      throw new EventParseError(`unexpected '${c}' at character ${i} (expected a JSON object)`);
    }
  }
  if (depth !== 0 || inString) throw new EventParseError('text ends inside a JSON value');
  return values;
}

export function parseEvents(text: string): Record<string, unknown>[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  const out: Record<string, unknown>[] = [];
  for (const [index, raw] of topLevelValues(trimmed).entries()) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new EventParseError(`value ${index}: ${(error as Error).message}`);
    }
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (!item || typeof item !== 'object' || Array.isArray(item))
        throw new EventParseError(`value ${index} is not a JSON object`);
      out.push(item as Record<string, unknown>);
    }
  }
  return out;
}
