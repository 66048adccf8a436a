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
const NONE: readonly number[] = [];

export class LiteralAutomaton {
  /** Trie edges, keyed `state * 0x10000 + UTF-16 code unit` (one map, not one per state). */
  private readonly edges = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** Literal indices ending at each state, including those reached through fail links (shared, read-only). */
  private readonly out: (readonly number[])[] = [NONE];
  /** ASCII code → dense column, or -1 when no literal contains that character. */
  private readonly column = new Int16Array(128).fill(-1);
  private readonly width: number;
  private readonly dense: Uint16Array | Int32Array;

  constructor(readonly literals: readonly string[]) {
    // Children of a state as a linked list (first child, next sibling), with each state's code.
    const firstChild: number[] = [-1];
    const sibling: number[] = [-1];
    const codeOf: number[] = [0];
    const own: number[][] = [[]];
    literals.forEach((literal, index) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const c = literal.charCodeAt(i);
        let target = this.edges.get(state * 0x10000 + c);
        if (target === undefined) {
          target = codeOf.length;
          codeOf.push(c);
          firstChild.push(-1);
          sibling.push(firstChild[state]!);
          firstChild[state] = target;
          own.push([]);
          this.fail.push(0);
          this.out.push(NONE);
          this.edges.set(state * 0x10000 + c, target);
        }
        state = target;
      }
      own[state]!.push(index);
    });
    this.out[0] = own[0]!;
    const queue: number[] = [];
    const outputs = (state: number): readonly number[] => {
      const inherited = this.out[this.fail[state]!]!;
      const mine = own[state]!;
      return mine.length === 0 ? inherited : inherited.length === 0 ? mine : [...mine, ...inherited];
    };
    for (let child = firstChild[0]!; child !== -1; child = sibling[child]!) {
      queue.push(child);
      this.out[child] = outputs(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      if (state === 0) continue;
      for (let child = firstChild[state]!; child !== -1; child = sibling[child]!) {
        const c = codeOf[child]!;
        let f = this.fail[state]!;
        while (f !== 0 && !this.edges.has(f * 0x10000 + c)) f = this.fail[f]!;
        const target = this.edges.get(f * 0x10000 + c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.out[child] = outputs(child);
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
    const states = codeOf.length;
    this.dense = states < 65536 ? new Uint16Array(states * this.width) : new Int32Array(states * this.width);
    // Breadth-first, so a state's failure target is filled before the state itself: a row is
    // its failure state's row (a block copy) with the state's own ASCII edges written over it.
    for (const state of [0, ...queue]) {
      const row = state * this.width;
      if (state !== 0) {
        const failRow = this.fail[state]! * this.width;
        this.dense.copyWithin(row, failRow, failRow + this.width);
      }
      for (let child = firstChild[state]!; child !== -1; child = sibling[child]!) {
        const c = codeOf[child]!;
        if (c < 128) this.dense[row + this.column[c]!] = child;
      }
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
    let target = this.edges.get(state * 0x10000 + c);
    while (target === undefined && state !== 0) {
      state = this.fail[state]!;
      target = this.edges.get(state * 0x10000 + c);
    }
    return target ?? 0;
  }
}
