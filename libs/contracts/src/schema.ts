/**
 * A message schema names a contract and maps each supported `schema_version` to the
 * class-validator class that validates it. Invariant: a schema never guesses a version — a
 * message without a known `schema_version` is rejected, so a producer that moves ahead of its
 * consumers is visible in the DLQ instead of being half-understood.
 */
// class-transformer's @Type reads design-time metadata; every message module imports this file.
import 'reflect-metadata';

export type MessageClass<T> = new () => T;

export interface MessageSchema<T> {
  /** Human name used in rejection reasons, e.g. `RiskContribution`. */
  readonly name: string;
  /** Versions this build understands, newest last. */
  readonly versions: readonly number[];
  /** Picks the class for an already version-checked plain object, or a reason it has none. */
  classFor(plain: Record<string, unknown>): MessageClass<T> | { readonly unsupported: string };
}

/** A schema whose every version is validated by one class (the usual case). */
export function singleClassSchema<T>(name: string, version: number, cls: MessageClass<T>): MessageSchema<T> {
  return { name, versions: [version], classFor: () => cls };
}
