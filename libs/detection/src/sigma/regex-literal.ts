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

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
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
      const next = pattern[i + 1];
      i++;
      if (next !== undefined && ESCAPED_LITERAL.test(next) && depth === 0) {
        run += next;
        continue;
      }
      close();
      continue;
    }
    if (c === '[') {
      close();
      const end = pattern.indexOf(']', i + 2);
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
