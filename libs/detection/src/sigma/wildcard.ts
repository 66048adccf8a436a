/**
 * Sigma string values: `*` matches any run, `?` any one character, `\*` `\?` `\\` are literal;
 * under `windash`, a flag's dash matches any of Windows' dash characters (DASH), at any number
 * of flags — one pattern, not the product of every flag's variants.
 * A value is parsed once into a pattern; matching is case-folded by the caller. A pattern whose
 * only wildcards are stars is matched segment by segment with the native `indexOf` (the
 * leftmost occurrence of each segment after the previous one: never wrong for star-separated
 * literals); others by the classic two-pointer wildcard algorithm. Both are O(text × pattern)
 * at worst, never exponential, so an attacker-controlled field cannot stall them.
 */
export type GlobPart = string | typeof STAR | typeof ONE | typeof DASH;
export type Glob = readonly GlobPart[];

export const STAR = Symbol('*');
export const ONE = Symbol('?');
export const DASH = Symbol('dash');

/** What `windash` lets a flag's dash be: pySigma's set (hyphen, slash, en, em, horizontal bar). */
export const WINDASH_CHARACTERS: ReadonlySet<string> = new Set(['-', '/', '\u2013', '\u2014', '\u2015']);
/** A `-` or `/` that starts a flag: not preceded by a word character, followed by one. */
export const WINDASH_FLAG = /(?<![\w])[-/](?=\w)/g;

/** Parses escapes and wildcards (and, with `windash`, flag dashes); adjacent literals are merged. */
export function parseGlob(value: string, windash = false): Glob {
  const out: GlobPart[] = [];
  const flags = windash ? new Set([...value.matchAll(WINDASH_FLAG)].map((m) => m.index)) : null;
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1]!)) {
      literal += value[++i];
    } else if (flags?.has(i)) {
      if (literal) out.push(literal);
      literal = '';
      out.push(DASH);
    } else if (c === '*' || c === '?') {
      if (literal) out.push(literal);
      literal = '';
      if (c === '?') out.push(ONE);
      else if (out[out.length - 1] !== STAR) out.push(STAR);
    } else {
      literal += c;
    }
  }
  if (literal) out.push(literal);
  return out;
}

export function isLiteral(glob: Glob): glob is readonly string[] {
  return glob.every((part) => typeof part === 'string');
}

export function literalOf(glob: Glob): string {
  return (glob as readonly string[]).join('');
}

/** Expands the glob into per-character tokens for the matcher. */
export function tokens(glob: Glob): GlobPart[] {
  const out: GlobPart[] = [];
  for (const part of glob) {
    if (typeof part === 'string') out.push(...part);
    else out.push(part);
  }
  return out;
}

export type TextMatcher = (text: string) => boolean;

/**
 * The fastest matcher for a glob: equality, prefix, suffix or substring when its only wildcards
 * are leading/trailing stars, else the general wildcard matcher.
 */
export function compileGlob(glob: Glob): TextMatcher {
  const inner = glob.slice(glob[0] === STAR ? 1 : 0, glob[glob.length - 1] === STAR ? -1 : undefined);
  const leading = glob[0] === STAR;
  const trailing = glob.length > 1 && glob[glob.length - 1] === STAR;
  if (glob.length === 1 && glob[0] === STAR) return () => true;
  if (isLiteral(inner)) {
    const literal = literalOf(inner);
    if (leading && trailing) return (text) => text.includes(literal);
    if (leading) return (text) => text.endsWith(literal);
    if (trailing) return (text) => text.startsWith(literal);
    return (text) => text === literal;
  }
  if (glob.every((part) => typeof part === 'string' || part === STAR)) return segmentsMatcher(glob);
  const pattern = tokens(glob);
  return (text) => wildcardMatch(text, pattern);
}

/**
 * Literals separated by stars (`a*b*c`, with or without leading and trailing stars): the first
 * anchored at the start and the last at the end unless a star stands there, each middle one at
 * its leftmost occurrence after the one before — the leftmost choice leaves the most text for
 * the rest, so it finds a match whenever one exists.
 */
function segmentsMatcher(glob: Glob): TextMatcher {
  const segments: string[] = [''];
  for (const part of glob) {
    if (part === STAR) segments.push('');
    else segments[segments.length - 1] += part as string;
  }
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  return (text) => {
    if (!text.startsWith(first)) return false;
    let at = first.length;
    for (const segment of middle) {
      const found = text.indexOf(segment, at);
      if (found < 0) return false;
      at = found + segment.length;
    }
    return text.length - last.length >= at && text.endsWith(last);
  };
}

/** The general matcher over per-character tokens (exported for the differential test). */
export function wildcardMatch(text: string, pattern: readonly (string | symbol)[]): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const token = pattern[p];
    if (
      p < pattern.length &&
      (token === ONE || token === text[t] || (token === DASH && WINDASH_CHARACTERS.has(text[t]!)))
    ) {
      t++;
      p++;
    } else if (p < pattern.length && token === STAR) {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === STAR) p++;
  return p === pattern.length;
}

/** Lower-cases the literal parts of a glob (Sigma matches strings case-insensitively by default). */
export function lowerGlob(glob: Glob): Glob {
  return glob.map((part) => (typeof part === 'string' ? part.toLowerCase() : part));
}
