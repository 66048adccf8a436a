import { compileGlob, parseGlob, tokens, wildcardMatch } from './wildcard';

const matches = (value: string, text: string) => compileGlob(parseGlob(value))(text);

describe('Sigma wildcards', () => {
  it('matches star-separated literals anchored where no star stands', () => {
    expect(matches('*\\cmd.exe* /c *', 'c:\\windows\\cmd.exe /c whoami')).toBe(true);
    expect(matches('*\\cmd.exe* /c *', 'c:\\windows\\cmd.exe /k whoami')).toBe(false);
    expect(matches('c:/*/tmp/*.ps1', 'c:/users/tmp/a.ps1')).toBe(true);
    expect(matches('c:/*/tmp/*.ps1', 'd:/users/tmp/a.ps1')).toBe(false);
    expect(matches('c:\\*.exe', 'c:\\x.exe')).toBe(false); // \* is a literal star
    expect(matches('c:\\*.exe', 'c:*.exe')).toBe(true);
    expect(matches('ab*ab', 'ab')).toBe(false); // the ends may not overlap
    expect(matches('ab*ab', 'abab')).toBe(true);
    expect(matches('a*b*c', 'a_c_b_c')).toBe(true);
    expect(matches('*a**b*', 'xxbxxa')).toBe(false);
    expect(matches('\\*literal*', '*literal star')).toBe(true);
  });

  it('agrees with the two-pointer matcher on random star patterns and texts', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let round = 0; round < 5000; round++) {
      const glob = parseGlob(pick('ab*', 1 + Math.floor(rand() * 7)));
      const text = pick('ab', Math.floor(rand() * 9));
      expect([glob, text, compileGlob(glob)(text)]).toEqual([glob, text, wildcardMatch(text, tokens(glob))]);
    }
  });
});
