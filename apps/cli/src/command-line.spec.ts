/** parseCommandLine: lists take every value up to the next option, usage mistakes are UsageErrors. */
import { parseCommandLine, UsageError } from './command-line';

const SPEC = { events: 'list', rules: 'list', output: 'string', strict: 'boolean' } as const;

describe('parseCommandLine', () => {
  it('gives a list option every value after it, across repeats, `-` included', () => {
    expect(parseCommandLine(['--events', 'a.json', 'b/', '-', '--rules', 'r', '--events=c'], SPEC)).toEqual({
      events: ['a.json', 'b/', '-', 'c'],
      rules: ['r'],
      output: undefined,
      strict: false,
    });
  });

  it('ends a list at a non-list option, a boolean, or `--`', () => {
    expect(() => parseCommandLine(['--output', 'x', 'stray'], SPEC)).toThrow(
      new UsageError("unexpected argument 'stray'"),
    );
    expect(() => parseCommandLine(['--events', 'a', '--strict', 'b'], SPEC)).toThrow(UsageError);
    expect(() => parseCommandLine(['--events', 'a', '--', 'b'], SPEC)).toThrow(UsageError);
    expect(parseCommandLine(['--strict', '--output', 'incident'], SPEC)).toEqual(
      expect.objectContaining({ strict: true, output: 'incident', events: [] }),
    );
  });

  it('refuses unknown options and missing values', () => {
    expect(() => parseCommandLine(['--bogus'], SPEC)).toThrow(/Unknown option '--bogus'/);
    expect(() => parseCommandLine(['--events'], SPEC)).toThrow(UsageError);
  });
});
