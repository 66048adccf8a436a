/** Bounds a string by its UTF-8 size, which is what it costs in a Kafka record. */
import { registerDecorator, type ValidationOptions } from 'class-validator';

export function MaxUtf8Bytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxUtf8Bytes',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: { message: `$property must be at most ${max} bytes of UTF-8`, ...options },
      validator: { validate: (v: unknown) => typeof v !== 'string' || Buffer.byteLength(v, 'utf8') <= max },
    });
}
