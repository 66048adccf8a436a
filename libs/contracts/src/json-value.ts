/**
 * Free-form JSON fields (evidence, observation values) are validated as JSON values, not as
 * `any`: a decorator that accepts exactly what JSON can carry, optionally refusing null.
 */
import { registerDecorator, type ValidationOptions } from 'class-validator';

export function isJsonValue(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'object' && value !== null)
  );
}

export function IsJsonValue(options?: ValidationOptions & { allowNull?: boolean }): PropertyDecorator {
  const allowNull = options?.allowNull ?? true;
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isJsonValue',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: {
        message: `$property must be a JSON value${allowNull ? '' : ' other than null'}`,
        ...options,
      },
      validator: { validate: (v: unknown) => (v === null ? allowNull : isJsonValue(v)) },
    });
}

/** Accepts a plain JSON object (not an array, not null). */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isJsonObject',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: { message: '$property must be a JSON object', ...options },
      validator: { validate: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) },
    });
}
