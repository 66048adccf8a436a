/**
 * The hot path of message decoding, compiled once per contract class from the class's own
 * class-validator and class-transformer metadata: a plan per property (its conditions, the very
 * constraint objects class-validator calls, nested classes from `@Type`) run directly, without
 * class-validator's per-call executor, error objects and metadata lookups, or class-transformer's
 * generic walk. The contract classes stay the only source of truth.
 *
 * Invariant: `compiledDecode` returns an instance only where `plainToInstance` + `validateSync`
 * (whitelist, forbidUnknownValues) would accept the same plain object, and then an equal one
 * (same classes, same properties, unknown ones stripped); wherever it is not sure — a rejection,
 * an async constraint, an unfamiliar metadata kind — it returns null and the caller takes the full
 * path, which also writes the rejection's field-path messages. compiled-validation.spec.ts holds
 * the two paths to the same verdicts over valid and invalid messages of every contract.
 */
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import { typeMetadataStorage } from './type-metadata';

type Instance = Record<string, unknown>;
type Constructor = new () => object;

interface Constraint {
  readonly validate: (value: unknown, args: ValidationArguments) => unknown;
  readonly args: ValidationArguments & { object: object; value: unknown };
  readonly each: boolean;
}

interface PropertyPlan {
  readonly name: string;
  readonly conditions: readonly ((object: unknown, value: unknown) => boolean)[];
  readonly constraints: readonly Constraint[];
  readonly nested: boolean;
  /** The class `@Type` gives the property's objects, when it has one. */
  readonly type: Constructor | null;
}

interface ClassPlan {
  readonly cls: Constructor;
  readonly properties: readonly PropertyPlan[];
  readonly byName: ReadonlyMap<string, PropertyPlan>;
}

const UNCOMPILABLE = Symbol('uncompilable');
const plans = new Map<Constructor, ClassPlan | typeof UNCOMPILABLE>();

function typeOf(cls: Constructor, property: string): Constructor | null {
  const metadata = typeMetadataStorage.findTypeMetadata(cls, property);
  if (!metadata) return null;
  if (metadata.options?.discriminator) return null;
  return metadata.typeFunction() as Constructor;
}

function compile(cls: Constructor): ClassPlan | typeof UNCOMPILABLE {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false);
  if (metadatas.length === 0) return UNCOMPILABLE;
  const byName = new Map<string, typeof metadatas>();
  for (const m of metadatas) byName.set(m.propertyName, [...(byName.get(m.propertyName) ?? []), m]);
  const properties: PropertyPlan[] = [];
  for (const [name, list] of byName) {
    const conditions: PropertyPlan['conditions'][number][] = [];
    const constraints: Constraint[] = [];
    let nested = false;
    for (const m of list) {
      if (m.groups?.length || m.always) return UNCOMPILABLE;
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION)
        conditions.push(m.constraints[0] as (object: unknown, value: unknown) => boolean);
      else if (m.type === ValidationTypes.NESTED_VALIDATION) nested = true;
      else if (m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) {
        for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (c.async) return UNCOMPILABLE;
          const instance = c.instance as { validate: Constraint['validate'] };
          constraints.push({
            validate: instance.validate.bind(instance),
            args: {
              targetName: cls.name,
              property: name,
              object: {},
              value: undefined,
              constraints: m.constraints,
            },
            each: m.each === true,
          });
        }
      } else if (m.type !== ValidationTypes.WHITELIST) return UNCOMPILABLE;
    }
    properties.push({ name, conditions, constraints, nested, type: typeOf(cls, name) });
  }
  return { cls, properties, byName: new Map(properties.map((p) => [p.name, p])) };
}

function planFor(cls: Constructor): ClassPlan | null {
  let plan = plans.get(cls);
  if (plan === undefined) {
    plan = compile(cls);
    plans.set(cls, plan);
  }
  return plan === UNCOMPILABLE ? null : plan;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property's value as class-transformer makes it: objects of a `@Type` property become its class. */
function transformed(value: unknown, type: Constructor | null): unknown {
  if (type === null) return value;
  if (Array.isArray(value)) return value.map((v) => transformed(v, type));
  if (isPlainObject(value)) return buildInstance(type, value) ?? UNSURE;
  return value;
}

const UNSURE = Symbol('unsure');

function holds(constraint: Constraint, object: object, value: unknown): boolean {
  const { args } = constraint;
  args.object = object;
  args.value = value;
  if (constraint.each && Array.isArray(value))
    return value.every((v) => constraint.validate(v, args) === true);
  return constraint.validate(value, args) === true;
}

/** A nested value passes as class-validator's nested validation passes it, or we are unsure. */
function nestedHolds(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value))
    return value.every(
      (v) =>
        v === undefined ||
        (typeof v === 'object' && v !== null && planFor(v.constructor as Constructor) !== null),
    );
  return typeof value === 'object' && value !== null && planFor(value.constructor as Constructor) !== null;
}

/** The validated instance of `cls` for `plain`, or null (rejected, or not sure). */
function buildInstance(cls: Constructor, plain: Record<string, unknown>): Instance | null {
  const plan = planFor(cls);
  if (!plan) return null;
  const instance = new plan.cls() as Instance;
  for (const key of Object.keys(plain)) {
    const property = plan.byName.get(key);
    if (property === undefined) continue;
    const value = transformed(plain[key], property.type);
    if (value === UNSURE || (Array.isArray(value) && value.includes(UNSURE))) return null;
    instance[key] = value;
  }
  // Own properties no metadata names (class fields without decorators) are stripped, as whitelist does.
  for (const key of Object.keys(instance)) if (!plan.byName.has(key)) delete instance[key];
  for (const property of plan.properties) {
    const value = instance[property.name];
    if (!property.conditions.every((condition) => condition(instance, value))) continue;
    for (const constraint of property.constraints) if (!holds(constraint, instance, value)) return null;
    if (property.nested && !nestedHolds(value)) return null;
  }
  return instance;
}

/**
 * `plainToInstance(cls, plain)` validated as `validateSync(…, {whitelist: true,
 * forbidUnknownValues: true})` accepts it — or null: rejected, or not certain; take the full path.
 */
export function compiledDecode<T>(cls: new () => T, plain: Record<string, unknown>): T | null {
  return buildInstance(cls as unknown as Constructor, plain) as T | null;
}
