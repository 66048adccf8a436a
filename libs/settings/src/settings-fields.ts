/**
 * The vocabulary of settings fields: class-validator decorators with the messages an operator
 * reads. A settings class declares each key once, as a property whose initialiser is its
 * default; nested mappings are `Section`s, lists of mappings `ListOf`, and mappings whose keys
 * are data (entity types, primitive names) `Entries`, each entry judged on its own path.
 */
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  Matches,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { parseDuration } from '@riskline/contracts';
import { ENTRIES_CONSTRAINT, instanceProblems, type EntryCheck } from './settings-problems';

type Decorator = PropertyDecorator;

const all =
  (...decorators: Decorator[]): Decorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

export function PositiveInt(): Decorator {
  return ValidateBy({
    name: 'positiveInt',
    validator: {
      validate: (v) => typeof v === 'number' && Number.isInteger(v) && v > 0,
      defaultMessage: () => 'must be a positive integer',
    },
  });
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is refused: (min, max]. */
  readonly aboveMin?: boolean;
  readonly message?: string;
}

/** A finite number in [min, max] or (min, max] (`max` may be Infinity); by default (0, 1]. */
export function NumberIn(range: NumberRange = {}): Decorator {
  const { min = 0, max = 1 } = range;
  const aboveMin = range.aboveMin ?? min === 0;
  const bounds = `${aboveMin ? '(' : '['}${min}, ${max === Infinity ? '∞)' : `${max}]`}`;
  const message = range.message ?? `must be a number in ${bounds}`;
  return ValidateBy({
    name: 'numberIn',
    validator: {
      validate: (v) =>
        typeof v === 'number' && Number.isFinite(v) && (aboveMin ? v > min : v >= min) && v <= max,
      defaultMessage: () => message,
    },
  });
}

/** A duration like 60s, 24h or 7d (zero only with `zeroAllowed`). */
export function Duration(options: { zeroAllowed?: boolean; example?: string } = {}): Decorator {
  const example = options.example ?? (options.zeroAllowed ? '0s, 30m or 1h' : '60s, 24h or 7d');
  return ValidateBy({
    name: 'duration',
    validator: {
      validate: (v) => {
        const ms = parseDuration(v);
        return ms !== null && (options.zeroAllowed ? ms >= 0 : ms > 0);
      },
      defaultMessage: () => `must be a duration like ${example}`,
    },
  });
}

export function OneOf(values: readonly string[], message?: string): Decorator {
  return IsIn([...values], { message: message ?? `must be one of ${values.join(', ')}` });
}

export function Flag(): Decorator {
  return IsBoolean({ message: 'must be true or false' });
}

export function TextMatching(pattern: RegExp, message: string): Decorator {
  return Matches(pattern, { message });
}

/** A list of non-empty strings (at least `minSize` of them). */
export function Names(message: string, minSize = 0): Decorator {
  return ValidateBy({
    name: 'names',
    validator: {
      validate: (v) =>
        Array.isArray(v) &&
        v.length >= minSize &&
        v.every((s) => typeof s === 'string' && (minSize === 0 || s.length > 0)),
      defaultMessage: () => message,
    },
  });
}

/** A nested mapping of its own settings class (absent = its defaults). */
export function Section(schema: () => new () => object): Decorator {
  return all(IsObject({ message: 'must be a mapping' }), ValidateNested(), Type(schema));
}

/** A list of mappings, each of `schema` (its own defaults per item). */
export function ListOf(schema: () => new () => object, options: ValidationOptions = {}): Decorator {
  return all(
    IsArray({ message: 'must be a list', ...options }),
    ValidateNested({ each: true }),
    Type(schema),
  );
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A mapping whose keys are data: every entry is judged by `check` on its own path
 * (`primitives.x.y: must be one of …`).
 */
export function Entries(check: EntryCheck): Decorator {
  return ValidateBy(
    {
      name: ENTRIES_CONSTRAINT,
      validator: {
        validate: (v) =>
          isMapping(v) && Object.entries(v).every(([key, value]) => check(value, key).length === 0),
        defaultMessage: () => 'must be a mapping',
      },
    },
    { context: { check } },
  );
}

/**
 * A mapping whose keys are data and whose values are mappings of `schema` (each with its own
 * defaults), judged on their own paths (`entities.host.fields: …`); `key` judges the key.
 */
export function EntriesOf(schema: new () => object, key?: (key: string) => string | null): Decorator {
  const check: EntryCheck = (value, name) => {
    const keyProblem = key?.(name);
    if (!isMapping(value)) return [{ at: '', message: keyProblem ?? 'must be a mapping' }];
    return [...(keyProblem ? [{ at: '', message: keyProblem }] : []), ...instanceProblems(value as object)];
  };
  return all(
    Entries(check),
    Transform(({ value }) =>
      isMapping(value)
        ? Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, isMapping(v) ? plainToInstance(schema, v) : v]),
          )
        : value,
    ),
  );
}
