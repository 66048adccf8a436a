/** Where a command writes: results on `out` (one JSON line each), reports and summaries on `err`. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}
