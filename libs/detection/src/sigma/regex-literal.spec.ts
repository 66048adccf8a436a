import { RE2JS } from 're2js';
import { requiredLiteral } from './regex-literal';

describe('requiredLiteral', () => {
  it.each([
    ['\\\\powershell\\.exe$', '\\powershell.exe'],
    ['^cmd /c [a-z]+ echo', 'cmd /c '],
    ['invoke-expression\\s+\\(', 'invoke-expression'],
    ['abcd?ef', 'abc'],
    ['xyz{2,3}qq', 'xy'],
    ['(?i)(set).*&&\\s?set', 'set'],
    ['cmd.{0,5}(?:/c|/r)x', 'cmd'],
    ['(?i)Invoke', 'invoke'],
    // Code points and quoted runs are not read as literal text; classes end at their real `]`.
    ['\\x41bcd', 'bcd'],
    ['ab\\x{41}cdef', 'cdef'],
    ['[\\]x]yz-tail', 'yz-tail'],
    ['[]a]bcd', 'bcd'],
    ['[^]a]bcd', 'bcd'],
    ['ab[[:digit:]]cdef', 'cdef'],
    ['k\\Q[x]\\Eqqq', 'qqq'],
    ['\\101bcd', 'bcd'],
    ['\\pLabc', 'abc'],
  ])('%s needs %p', (pattern, literal) => {
    expect(requiredLiteral(pattern)).toBe(literal);
  });

  it.each(['a|bcdef', '[|]|x', '(foo|bar)', '(?=abc)def'.replace('def', ''), '[abc]+', '.*', 'x'])(
    'gives up on %s',
    (pattern) => {
      expect(requiredLiteral(pattern)).toBeNull();
    },
  );

  it('never names a literal a match lacks (random patterns)', () => {
    const samples = ['foo.*bar', 'a+bcd', '\\d+abc\\s', 'x(yz)+w', 'hel?lo world', '\\.exe$', 'ab{0,1}cde'];
    const texts = [
      'foobar',
      'abcd',
      'aaabcd',
      '12abc ',
      'xyzw',
      'helo world',
      'hello world',
      'a.exe',
      'acde',
      'abcde',
    ];
    for (const pattern of samples) {
      const literal = requiredLiteral(pattern);
      if (literal === null) continue;
      const re = RE2JS.compile(pattern);
      for (const text of texts) if (re.matcher(text).find()) expect(text.toLowerCase()).toContain(literal);
    }
  });
});
