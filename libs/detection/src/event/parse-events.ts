/**
 * Security events from text, in any of the shapes logs arrive in: JSON lines, one JSON array,
 * or JSON objects concatenated back to back (as some SigmaHQ regression files are). The parser
 * is incremental — feed it chunks, take the records completed so far — so a multi-gigabyte file
 * streams in constant memory. Pure.
 *
 * Invariants: records come out in input order, each with the 1-based line its value starts on;
 * a malformed value is a record with an error (never a throw), and the parser goes on after it —
 * text at the top level that is not JSON is skipped to the end of its line, so one bad line of
 * a JSON-lines file costs that line only.
 */
export class EventParseError extends Error {}

type JsonObject = Record<string, unknown>;

export type ParsedRecord =
  { readonly line: number; readonly event: JsonObject } | { readonly line: number; readonly error: string };

export class EventStreamParser {
  private buffer = '';
  /** Scan position in `buffer` and the scanner's state there. */
  private scan = 0;
  private depth = 0;
  private start = -1;
  private startLine = 0;
  private inString = false;
  private escaped = false;
  /** Skipping a line of top-level text that is not JSON. */
  private skippingLine = false;
  private line = 1;
  private first = true;
  /** The line the fast path last gave up on (see wholeLineObject). */
  private slowLine = 0;

  /** Adds text; returns the records it completed. */
  push(chunk: string): ParsedRecord[] {
    if (this.first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      this.first = false;
    }
    this.buffer += chunk;
    const out: ParsedRecord[] = [];
    const text = this.buffer;
    let i = this.scan;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        this.line++;
        this.skippingLine = false;
        // A raw newline cannot be inside a JSON string: the value is broken; report it here.
        if (this.inString) this.abandon(out, 'a line break inside a string');
        continue;
      }
      if (this.skippingLine) continue;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34 && this.depth > 0) {
        this.inString = true;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (this.depth === 0 && c === 123) {
          const end = this.wholeLineObject(text, i, out);
          if (end >= 0) {
            i = end - 1;
            continue;
          }
        }
        if (this.depth === 0) {
          this.start = i;
          this.startLine = this.line;
        }
        this.depth++;
      } else if ((c === 125 /* } */ || c === 93) /* ] */ && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) this.emit(text.slice(this.start, i + 1), out);
      } else if (this.depth === 0 && c !== 32 && c !== 13 && c !== 9 && c !== 44 /* , between values */) {
        out.push({ line: this.line, error: `unexpected '${text[i]}' (expected a JSON object)` });
        this.skippingLine = true;
      }
    }
    // Keep only the unfinished value, so memory holds at most one event.
    const keepFrom = this.depth > 0 ? this.start : text.length;
    this.buffer = text.slice(keepFrom);
    this.scan = i - keepFrom;
    if (this.depth > 0) this.start = 0;
    return out;
  }

  /**
   * The fast path for JSON lines: when the rest of the line from `from` is one JSON object,
   * records it and returns where the line ends (its newline); otherwise -1 and the character
   * scan takes the line, reporting exactly as it always does. The result is the same either
   * way — the scan would find this object's end at the line's last brace and parse the same
   * text — but JSON.parse walks the line in native code rather than one character at a time.
   */
  private wholeLineObject(text: string, from: number, out: ParsedRecord[]): number {
    // Tried once per line: objects back to back on one long line would otherwise each rescan it.
    if (this.slowLine === this.line) return -1;
    this.slowLine = this.line;
    const newline = text.indexOf('\n', from);
    if (newline < 0) return -1;
    let last = newline - 1;
    while (last > from && isBlank(text.charCodeAt(last))) last--;
    if (text.charCodeAt(last) !== 125 /* } */) return -1;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(from, last + 1));
    } catch {
      return -1;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return -1;
    this.slowLine = 0;
    out.push({ line: this.line, event: value as JsonObject });
    return newline;
  }

  /** Ends the input: a value left open is a record with an error. */
  end(): ParsedRecord[] {
    if (this.depth === 0 && !this.inString) return [];
    const out: ParsedRecord[] = [];
    this.abandon(out, 'input ends inside the JSON value');
    return out;
  }

  private abandon(out: ParsedRecord[], why: string): void {
    out.push({ line: this.startLine, error: why });
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.start = -1;
  }

  private emit(raw: string, out: ParsedRecord[]): void {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.push({ line: this.startLine, error: (error as Error).message });
      return;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!item || typeof item !== 'object' || Array.isArray(item))
        out.push({ line: this.startLine, error: 'a JSON value other than an object' });
      else out.push({ line: this.startLine, event: item as JsonObject });
    }
  }
}

/** All events of a text at once; the first malformed record throws, naming its line. */
export function parseEvents(text: string): JsonObject[] {
  const parser = new EventStreamParser();
  return [...parser.push(text), ...parser.end()].map((record) => {
    if ('error' in record) throw new EventParseError(`line ${record.line}: ${record.error}`);
    return record.event;
  });
}

function isBlank(c: number): boolean {
  return c === 32 || c === 13 || c === 9;
}
