/**
 * Result lines for standard output, written in blocks rather than one write per line: a
 * detection-heavy `riskline eval` prints a line per firing, and a write each cost the run a
 * measurable share of its time. Invariant: every line reaches stdout, in order, by `flush()`;
 * lines are held only while the block is below BLOCK_BYTES.
 */
const BLOCK_BYTES = 64 * 1024;

export class BufferedStdout {
  private lines: string[] = [];
  private bytes = 0;

  line(text: string): void {
    this.lines.push(text);
    this.bytes += text.length + 1;
    if (this.bytes >= BLOCK_BYTES) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    process.stdout.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
    this.bytes = 0;
  }
}
