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
