/**
 * Reads a service's YAML settings file: typed getters with defaults that record every problem
 * by its key path instead of stopping at the first, so an operator fixes a file in one pass.
 * `done` throws a SettingsError carrying them all (loadConfigFile turns it into a ConfigError
 * naming the variable). Pure.
 */
import { parse } from 'yaml';
import { parseDuration } from './duration';

export type SettingsMapping = Record<string, unknown>;

export class SettingsError extends Error {
  constructor(
    subject: string,
    readonly problems: readonly string[],
  ) {
    super(`${subject}: ${problems.join('; ')}`);
  }
}

const asMapping = (v: unknown): SettingsMapping | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as SettingsMapping) : null;

export class SettingsReader {
  readonly problems: string[] = [];

  constructor(private readonly subject: string) {}

  /** The document's top-level mapping (an empty file is an empty mapping). */
  root(text: string, known: readonly string[]): SettingsMapping {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      throw new SettingsError(this.subject, [`not YAML: ${(error as Error).message.split('\n')[0]}`]);
    }
    const root = asMapping(doc ?? {});
    if (!root) throw new SettingsError(this.subject, ['must be a YAML mapping']);
    this.unknownKeys(root, known, '');
    return root;
  }

  /** A nested mapping (absent = empty), its unknown keys reported. */
  section(parent: SettingsMapping, key: string, known: readonly string[]): SettingsMapping {
    const raw = parent[key] ?? {};
    const section = asMapping(raw);
    if (!section) {
      this.problems.push(`${key}: must be a mapping`);
      return {};
    }
    this.unknownKeys(section, known, `${key}.`);
    return section;
  }

  private unknownKeys(mapping: SettingsMapping, known: readonly string[], where: string): void {
    for (const key of Object.keys(mapping))
      if (!known.includes(key)) this.problems.push(`${where}${key}: unknown key`);
  }

  private check<T>(ok: boolean, value: unknown, fallback: T, path: string, must: string): T {
    if (ok) return value as T;
    this.problems.push(`${path}: must be ${must}`);
    return fallback;
  }

  positiveInt(m: SettingsMapping, key: string, where: string, fallback: number): number {
    const v = m[key] ?? fallback;
    return this.check(
      typeof v === 'number' && Number.isInteger(v) && v > 0,
      v,
      fallback,
      `${where}${key}`,
      'a positive integer',
    );
  }

  /** A number in (0, max], or [0, max] with `zeroAllowed`. */
  number(
    m: SettingsMapping,
    key: string,
    where: string,
    fallback: number,
    max = 1,
    zeroAllowed = false,
  ): number {
    const v = m[key] ?? fallback;
    const ok = typeof v === 'number' && (zeroAllowed ? v >= 0 : v > 0) && v <= max;
    const range = `${zeroAllowed ? '[' : '('}0, ${max === Number.MAX_VALUE ? '∞)' : `${max}]`}`;
    return this.check(ok, v, fallback, `${where}${key}`, `a number in ${range}`);
  }

  boolean(m: SettingsMapping, key: string, where: string, fallback: boolean): boolean {
    const v = m[key] ?? fallback;
    return this.check(typeof v === 'boolean', v, fallback, `${where}${key}`, 'true or false');
  }

  oneOf<T extends string>(
    m: SettingsMapping,
    key: string,
    where: string,
    values: readonly T[],
    fallback: T,
  ): T {
    const v = m[key] ?? fallback;
    return this.check(values.includes(v as T), v, fallback, `${where}${key}`, `one of ${values.join(', ')}`);
  }

  /** Milliseconds of a duration like 60s, 24h or 7d. */
  duration(m: SettingsMapping, key: string, where: string, fallback: string): number {
    const ms = parseDuration(m[key] ?? fallback);
    return this.check(
      ms !== null && ms > 0,
      ms,
      parseDuration(fallback)!,
      `${where}${key}`,
      'a duration like 60s, 24h or 7d',
    );
  }

  /** A problem found by a cross-field rule. */
  report(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** The settings, or a SettingsError with every problem found. */
  done<T>(settings: T): T {
    if (this.problems.length > 0) throw new SettingsError(this.subject, this.problems);
    return settings;
  }
}
