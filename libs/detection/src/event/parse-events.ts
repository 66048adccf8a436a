/**
 * Security events from text, in any of the shapes logs arrive in: JSON lines, one JSON array,
 * or JSON objects concatenated back to back (as some SigmaHQ regression files are). The parser
 * is incremental — feed it chunks, take the events completed so far — so a multi-gigabyte file
 * streams in constant memory. Pure. Invariant: events come out in input order; text that is
 * not JSON is an error naming the value and character where it went wrong.
 */
export class EventParseError extends Error {}

type JsonObject = Record<string, unknown>;

export class EventStreamParser {
  private buffer = '';
  /** Scan position in `buffer` and the scanner's state there. */
  private scan = 0;
  private depth = 0;
  private start = -1;
  private inString = false;
  private escaped = false;
  private values = 0;
  private consumed = 0;
  private first = true;

  /** Adds text; returns the events it completed. */
  push(chunk: string): JsonObject[] {
    if (this.first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      this.first = false;
    }
    this.buffer += chunk;
    const out: JsonObject[] = [];
    const text = this.buffer;
    let i = this.scan;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) {
        if (this.depth === 0) this.fail(i, 'a string outside any JSON object');
        this.inString = true;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (this.depth === 0) this.start = i;
        this.depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth < 0) this.fail(i, `unbalanced '${text[i]}'`);
        if (this.depth === 0) this.emit(text.slice(this.start, i + 1), out);
      } else if (
        this.depth === 0 &&
        c !== 32 &&
        c !== 10 &&
        c !== 13 &&
        c !== 9 &&
        c !== 44 /* , between values */
      ) {
        this.fail(i, `unexpected '${text[i]}' (expected a JSON object)`);
      }
    }
    // Keep only the unfinished value, so memory holds at most one event.
    const keepFrom = this.depth > 0 ? this.start : text.length;
    this.consumed += keepFrom;
    this.buffer = text.slice(keepFrom);
    this.scan = i - keepFrom;
    if (this.depth > 0) this.start = 0;
    return out;
  }

  /** Ends the input; throws if it stopped inside a value. */
  end(): JsonObject[] {
    if (this.depth !== 0 || this.inString)
      throw new EventParseError(`input ends inside JSON value ${this.values}`);
    return [];
  }

  private emit(raw: string, out: JsonObject[]): void {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new EventParseError(`JSON value ${this.values}: ${(error as Error).message}`);
    }
    this.values++;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!item || typeof item !== 'object' || Array.isArray(item))
        throw new EventParseError(`JSON value ${this.values - 1} holds something other than an object`);
      out.push(item as JsonObject);
    }
  }

  private fail(at: number, why: string): never {
    throw new EventParseError(`${why} at character ${this.consumed + at}`);
  }
}

/** All events of a text at once. */
export function parseEvents(text: string): JsonObject[] {
  const parser = new EventStreamParser();
  const events = parser.push(text);
  parser.end();
  return events;
}
