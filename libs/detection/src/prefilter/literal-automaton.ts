/**
 * Aho–Corasick automaton over a set of literals: one pass over a text reports every literal
 * that occurs in it, in time linear in the text plus the matches, however many literals there
 * are. Pure; built once per rule set.
 *
 * Transitions on ASCII are a dense table (one array read per character, failure links folded
 * in) over the ASCII characters the literals use; an ASCII character no literal uses returns
 * to the root. Other characters walk the sparse trie with failure links. Both describe the same
 * automaton; the dense part is what makes scanning command lines cheap.
 */
export class LiteralAutomaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Literal indices ending at each state, including those reached through fail links. */
  private readonly out: number[][] = [[]];
  /** ASCII code → dense column, or -1 when no literal contains that character. */
  private readonly column = new Int16Array(128).fill(-1);
  private readonly width: number;
  private readonly dense: Uint16Array | Int32Array;

  constructor(readonly literals: readonly string[]) {
    literals.forEach((literal, index) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const c = literal.charCodeAt(i);
        let target = this.next[state]!.get(c);
        if (target === undefined) {
          target = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[state]!.set(c, target);
        }
        state = target;
      }
      this.out[state]!.push(index);
    });
    const queue: number[] = [];
    for (const child of this.next[0]!.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [c, child] of this.next[state]!) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.out[child]!.push(...this.out[this.fail[child]!]!);
        queue.push(child);
      }
    }
    for (const literal of literals) {
      for (let i = 0; i < literal.length; i++) {
        const c = literal.charCodeAt(i);
        if (c < 128 && this.column[c] === -1) this.column[c] = 0;
      }
    }
    const codes: number[] = [];
    this.column.forEach((v, code) => {
      if (v === 0) this.column[code] = codes.push(code) - 1;
    });
    this.width = codes.length;
    const states = this.next.length;
    this.dense = states < 65536 ? new Uint16Array(states * this.width) : new Int32Array(states * this.width);
    // Breadth-first, so a state's failure target is filled before the state itself.
    for (const state of [0, ...queue]) {
      const row = state * this.width;
      const failRow = this.fail[state]! * this.width;
      codes.forEach((code, col) => {
        const target = this.next[state]!.get(code);
        this.dense[row + col] = target ?? (state === 0 ? 0 : this.dense[failRow + col]!);
      });
    }
  }

  /** Calls `found` with the index of every literal occurring in `text` (repeats possible). */
  scan(text: string, found: (literal: number) => void): void {
    const { column, dense, width, out } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const col = column[c]!;
        state = col < 0 ? 0 : dense[state * width + col]!;
      } else {
        state = this.sparseStep(state, c);
      }
      const hits = out[state]!;
      for (let k = 0; k < hits.length; k++) found(hits[k]!);
    }
  }

  private sparseStep(from: number, c: number): number {
    let state = from;
    let target = this.next[state]!.get(c);
    while (target === undefined && state !== 0) {
      state = this.fail[state]!;
      target = this.next[state]!.get(c);
    }
    return target ?? 0;
  }
}
