/**
 * A literal that every match of a regular expression must contain, read conservatively from
 * its source: only runs of plain characters at the top level of a pattern without top-level
 * alternation (groups are skipped whole), minus a last character made optional by a quantifier. When in doubt, none — the prefilter then
 * always evaluates the rule, which is slower but never wrong.
 */
const SPECIAL = new Set(['.', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|']);
const ESCAPED_LITERAL = /[.\\/\-^$*+?()[\]{}|'" :=@#%&,;<>!~`]/;

/** Leading inline flags such as `(?i)`: matching is on lower-cased text anyway. */
const INLINE_FLAGS = /^\(\?[imsU]+\)/;

/**
 * How many characters the escape at `i` (a backslash) spans: `\xHH`, `\x{…}`, `\pL`, `\p{…}`,
 * octal `\123`, `\Q…\E`, else the backslash and one character.
 */
function escapeLength(pattern: string, i: number): number {
  const next = pattern[i + 1];
  const rest = pattern.slice(i + 2);
  if (next === 'x' || next === 'p' || next === 'P') {
    const braced = /^\{[^}]*\}/.exec(rest);
    if (braced) return 2 + braced[0].length;
    return 2 + (next === 'x' ? (/^[0-9a-fA-F]{0,2}/.exec(rest)?.[0].length ?? 0) : Math.min(rest.length, 1));
  }
  if (next !== undefined && /[0-7]/.test(next)) return 2 + (/^[0-7]{0,2}/.exec(rest)?.[0].length ?? 0);
  if (next === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    return end < 0 ? pattern.length - i : end + 2 - i;
  }
  return 2;
}

/**
 * The index of the `]` closing the character class opened at `i`, or -1: a `]` first (or right
 * after `^`) is a member, escapes are skipped, and POSIX classes (`[:alpha:]`) nest.
 */
function classEnd(pattern: string, i: number): number {
  let j = i + 1;
  if (pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  for (; j < pattern.length; j++) {
    const c = pattern[j];
    if (c === '\\') j += escapeLength(pattern, j) - 1;
    else if (c === '[' && pattern[j + 1] === ':') {
      const end = pattern.indexOf(':]', j + 2);
      if (end < 0) return -1;
      j = end + 1;
    } else if (c === ']') return j;
  }
  return -1;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i += escapeLength(pattern, i) - 1;
    else if (c === '[') {
      const end = classEnd(pattern, i);
      if (end < 0) return true;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

export function requiredLiteral(source: string): string | null {
  const pattern = source.replace(INLINE_FLAGS, '');
  if (pattern.includes('(?') && /\(\?[^:P<]/.test(pattern)) return null;
  if (hasTopLevelAlternation(pattern)) return null;
  let best = '';
  let run = '';
  let depth = 0;
  const close = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const length = escapeLength(pattern, i);
      const next = pattern[i + 1];
      if (length === 2 && next !== undefined && ESCAPED_LITERAL.test(next) && depth === 0) {
        run += next;
        i++;
        continue;
      }
      // A class, a code point or a quoted run: not read as literal text (conservative).
      close();
      i += length - 1;
      continue;
    }
    if (c === '[') {
      close();
      const end = classEnd(pattern, i);
      if (end < 0) return null;
      i = end;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === '?' || c === '*' || c === '{') {
      // The character before is optional (or repeated zero times): it leaves the run.
      run = run.slice(0, -1);
      close();
      if (c === '{') {
        const end = pattern.indexOf('}', i);
        if (end < 0) return null;
        i = end;
      }
      continue;
    }
    if (SPECIAL.has(c) || depth > 0) {
      close();
      continue;
    }
    run += c;
  }
  close();
  return best.length >= 2 ? best.toLowerCase() : null;
}
