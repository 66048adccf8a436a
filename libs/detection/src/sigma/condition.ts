/**
 * Sigma condition expressions: `and`, `or`, `not`, parentheses, and the quantifiers
 * `1 of sel*`, `all of filter_*`, `any of them`, `N of …`. Parsed by recursive descent with
 * Sigma's precedence (not > and > or), then resolved against the rule's search identifiers, so
 * a pattern that names nothing is a load error rather than a silently false condition.
 */
import { RuleLoadError } from './rule-error';

export type Condition =
  | { readonly kind: 'search'; readonly name: string }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'of'; readonly count: number | 'all'; readonly names: readonly string[] };

type Token = { type: 'word'; text: string } | { type: '(' } | { type: ')' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(\(|\)|[^\s()]+)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    const t = match[1]!;
    tokens.push(t === '(' || t === ')' ? { type: t } : { type: 'word', text: t });
  }
  return tokens;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

export function parseCondition(text: string, searchNames: readonly string[]): Condition {
  const tokens = tokenize(text);
  let i = 0;
  const peekWord = (): string | null => {
    const t = tokens[i];
    return t?.type === 'word' ? t.text.toLowerCase() : null;
  };
  const fail = (why: string): never => {
    throw new RuleLoadError(`condition '${text}': ${why}`);
  };

  const parseOr = (): Condition => {
    const items = [parseAnd()];
    while (peekWord() === 'or') {
      i++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (): Condition => {
    const items = [parseNot()];
    while (peekWord() === 'and') {
      i++;
      items.push(parseNot());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseNot = (): Condition => {
    if (peekWord() === 'not') {
      i++;
      return { kind: 'not', item: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Condition => {
    const token = tokens[i++];
    if (!token) return fail('ends too early');
    if (token.type === '(') {
      const inner = parseOr();
      if (tokens[i++]?.type !== ')') fail('missing )');
      return inner;
    }
    if (token.type === ')') return fail('unexpected )');
    const word = token.text;
    const lower = word.toLowerCase();
    if ((lower === 'all' || lower === 'any' || /^\d+$/.test(lower)) && peekWord() === 'of') {
      i++;
      const target = tokens[i++];
      if (target?.type !== 'word') return fail(`'${word} of' needs a name pattern or 'them'`);
      const pattern = target.text;
      const names =
        pattern.toLowerCase() === 'them'
          ? searchNames.filter((n) => !n.startsWith('_'))
          : searchNames.filter((n) => globToRegExp(pattern).test(n));
      if (names.length === 0) fail(`'${pattern}' matches no search identifier`);
      const count = lower === 'all' ? 'all' : lower === 'any' ? 1 : Number(lower);
      return { kind: 'of', count, names };
    }
    if (['and', 'or', 'not', 'of'].includes(lower)) return fail(`unexpected '${word}'`);
    if (!searchNames.includes(word)) fail(`'${word}' is not a search identifier of this rule`);
    return { kind: 'search', name: word };
  };

  const condition = parseOr();
  if (i < tokens.length) fail(`unexpected '${(tokens[i] as { text?: string }).text ?? tokens[i]!.type}'`);
  return condition;
}
