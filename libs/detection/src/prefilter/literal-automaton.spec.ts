import { LiteralAutomaton } from './literal-automaton';

function foundIndices(literals: string[], text: string): number[] {
  const hits: number[] = [];
  new LiteralAutomaton(literals).scan(text, hits);
  return [...new Set(hits)].sort((a, b) => a - b);
}

function found(literals: string[], text: string): string[] {
  return foundIndices(literals, text).map((i) => literals[i]!);
}

describe('LiteralAutomaton', () => {
  it('finds every literal, overlapping and nested', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers')).toEqual(['he', 'she', 'hers']);
    expect(found(['\\cmd.exe', 'cmd', '.exe', 'powershell'], 'c:\\windows\\cmd.exe /c')).toEqual([
      '\\cmd.exe',
      'cmd',
      '.exe',
    ]);
    expect(found(['aa', 'aaa'], 'aaaa')).toEqual(['aa', 'aaa']);
    expect(found(['x'], 'yyy')).toEqual([]);
  });

  it('agrees with includes() on random literals and texts', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = (n: number) => Array.from({ length: n }, () => 'abé'[Math.floor(rand() * 3)]).join('');
    for (let round = 0; round < 200; round++) {
      const literals = Array.from({ length: 8 }, () => word(1 + Math.floor(rand() * 4)));
      const text = word(30);
      const expected = literals.flatMap((l, i) => (text.includes(l) ? [i] : []));
      expect(foundIndices(literals, text)).toEqual(expected);
    }
  });

  it('agrees with includes() when the states outgrow a 16-bit table (SigmaHQ CommandLine size)', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = (n: number) =>
      Array.from({ length: n }, () => 'abcdefghij\\.-é😀'[Math.floor(rand() * 15)]).join('');
    const literals = Array.from({ length: 5000 }, () => word(6 + Math.floor(rand() * 8)));
    const automaton = new LiteralAutomaton(literals);
    for (let round = 0; round < 50; round++) {
      const text = literals[Math.floor(rand() * literals.length)]! + word(200) + literals[round]!;
      const hits: number[] = [];
      automaton.scan(text, hits);
      const expected = literals.flatMap((l, i) => (text.includes(l) ? [i] : []));
      expect([...new Set(hits)].sort((a, b) => a - b)).toEqual(expected);
    }
  });
});
