/**
 * Sigma's value-transforming modifiers, applied left to right before matching: `wide`/`utf16*`
 * (text → bytes), `base64`, `base64offset` (bytes → text), `windash` (flag dash variants) and
 * `expand` (placeholders). Each takes one value and returns its variants; a value may fan out.
 * Pure.
 */
import { RuleLoadError } from './rule-error';
import { WINDASH_CHARACTERS, WINDASH_FLAG } from './wildcard';

export type Bytes = Buffer;
export type Intermediate = string | Bytes;

function bytesOf(value: Intermediate): Bytes {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function textOf(value: Intermediate): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}

function utf16be(text: string): Bytes {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

/** pySigma's three alignments: the value's base64 as it appears at byte offset 0, 1 or 2. */
export function base64Offsets(bytes: Bytes): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const encoded = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    return encoded.slice(starts[i], ends[(bytes.length + i) % 3]);
  });
}

const DASHES = [...WINDASH_CHARACTERS];
const MAX_WINDASH_FLAGS = 3;

/**
 * The dash variants of a value, for `windash` followed by a byte transform (`windash|base64`),
 * where the variants must be encoded one by one. Plain text values never come here: their
 * flags become DASH in the glob (wildcard.ts), exact at any number of flags.
 */
export function windashVariants(text: string): string[] {
  const positions = [...text.matchAll(WINDASH_FLAG)].map((m) => m.index);
  if (positions.length === 0) return [text];
  if (positions.length > MAX_WINDASH_FLAGS) {
    // Past three flags the product explodes; the same dash for every flag covers real use.
    return DASHES.map((dash) => text.replace(WINDASH_FLAG, dash));
  }
  let variants = [text];
  for (const position of positions) {
    variants = variants.flatMap((v) =>
      DASHES.map((dash) => v.slice(0, position) + dash + v.slice(position + 1)),
    );
  }
  return [...new Set(variants)];
}

export function expandPlaceholders(
  text: string,
  placeholders: ReadonlyMap<string, readonly string[]>,
): string[] {
  let variants = [text];
  for (const match of text.matchAll(/%([A-Za-z0-9_.-]+)%/g)) {
    const values = placeholders.get(match[1]!);
    if (!values) throw new RuleLoadError(`placeholder %${match[1]}% has no values in the configuration`);
    variants = variants.flatMap((v) => values.map((value) => v.replace(match[0], value)));
  }
  return variants;
}

export const TRANSFORMS = new Set([
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
  'base64',
  'base64offset',
  'windash',
  'expand',
]);

export function applyTransform(
  name: string,
  value: Intermediate,
  placeholders: ReadonlyMap<string, readonly string[]>,
): Intermediate[] {
  switch (name) {
    case 'wide':
    case 'utf16le':
      return [Buffer.from(textOf(value), 'utf16le')];
    case 'utf16be':
      return [utf16be(textOf(value))];
    case 'utf16':
      return [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(textOf(value), 'utf16le')])];
    case 'base64':
      return [bytesOf(value).toString('base64')];
    case 'base64offset':
      return base64Offsets(bytesOf(value));
    case 'windash':
      return windashVariants(textOf(value));
    case 'expand':
      return expandPlaceholders(textOf(value), placeholders);
    default:
      throw new RuleLoadError(`unknown transform '${name}'`);
  }
}

export function finalText(value: Intermediate): string {
  return textOf(value);
}
