/** A one-line progress bar on stderr, only when stderr is a terminal; silent otherwise. */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly enabled = process.stderr.isTTY === true;

  constructor(private readonly total: number | null) {}

  advance(bytes: number, events: number): void {
    this.done += bytes;
    if (!this.enabled || Date.now() - this.lastDraw < 100) return;
    this.lastDraw = Date.now();
    const width = 30;
    const fraction = this.total ? Math.min(1, this.done / this.total) : 0;
    const bar = this.total
      ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width)}] ${(fraction * 100).toFixed(0)}%`
      : `${(this.done / 1e6).toFixed(1)} MB`;
    process.stderr.write(`\r${bar} ${events} events`);
  }

  finish(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}
