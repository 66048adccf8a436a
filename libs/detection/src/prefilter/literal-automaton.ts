/**
 * Aho–Corasick automaton over a set of literals: one pass over a text reports every literal
 * that occurs in it, in time linear in the text plus the matches, however many literals there
 * are. Pure; built once per rule set.
 *
 * Transitions on ASCII are a dense table (one array read per character, failure links folded
 * in) over the ASCII characters the literals use; an ASCII character no literal uses returns
 * to the root. Other characters walk the sparse trie with failure links. Both describe the same
 * automaton; the dense part is what makes scanning command lines cheap.
 *
 * The dense table numbers states breadth-first (a state's rank), so the shallow states a scan
 * spends nearly all its time in are the table's first rows, and stores each target as
 * `rank * 2 + (1 if a literal ends there)`: most characters end no literal, and testing a bit
 * of the value already read is cheaper than reading every state's output list.
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
  /** Breadth-first rank of a trie state, and the state of a rank. */
  private readonly rankOf: Int32Array;
  private readonly stateOf: Int32Array;
  /** `out` by rank. */
  private readonly outByRank: (readonly number[])[];

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
    const order = [0, ...queue];
    this.stateOf = Int32Array.from(order);
    this.rankOf = new Int32Array(states);
    order.forEach((state, rank) => (this.rankOf[state] = rank));
    this.outByRank = order.map((state) => this.out[state]!);
    this.dense = states < 32768 ? new Uint16Array(states * this.width) : new Int32Array(states * this.width);
    // Breadth-first, so a state's failure target is filled before the state itself: a row is
    // its failure state's row (a block copy) with the state's own ASCII edges written over it.
    for (let rank = 0; rank < order.length; rank++) {
      const state = order[rank]!;
      const row = rank * this.width;
      if (state !== 0) {
        const failRow = this.rankOf[this.fail[state]!]! * this.width;
        this.dense.copyWithin(row, failRow, failRow + this.width);
      }
      for (let child = firstChild[state]!; child !== -1; child = sibling[child]!) {
        const c = codeOf[child]!;
        if (c < 128) this.dense[row + this.column[c]!] = this.atOf(this.rankOf[child]!);
      }
    }
  }

  /** Appends to `found` the index of every literal occurring in `text` (repeats possible). */
  scan(text: string, found: number[]): void {
    const { column, dense, width, outByRank } = this;
    const root = this.atOf(0);
    let at = root;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const col = column[c]!;
        at = col < 0 ? root : dense[(at >> 1) * width + col]!;
      } else {
        at = this.atOf(this.rankOf[this.sparseStep(this.stateOf[at >> 1]!, c)]!);
      }
      if ((at & 1) === 0) continue;
      const hits = outByRank[at >> 1]!;
      for (let k = 0; k < hits.length; k++) found.push(hits[k]!);
    }
  }

  /** What a scan holds for the state of `rank`: rank * 2, plus 1 when a literal ends there. */
  private atOf(rank: number): number {
    return rank * 2 + (this.outByRank[rank]!.length > 0 ? 1 : 0);
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
