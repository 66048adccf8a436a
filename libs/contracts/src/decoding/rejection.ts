/**
 * Why a message was refused. Invariant: every refusal has a kind a dashboard can group by and a
 * sentence an operator can act on; schema violations also list each offending field path.
 */
import type { RejectionKind } from '../messages/dead-letter';

export interface FieldViolation {
  readonly path: string;
  readonly messages: readonly string[];
}

export interface Rejection {
  readonly kind: RejectionKind;
  readonly message: string;
  readonly fields?: readonly FieldViolation[];
}

export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

export function reject<T>(
  kind: RejectionKind,
  message: string,
  fields?: readonly FieldViolation[],
): Decoded<T> {
  return { ok: false, rejection: fields ? { kind, message, fields } : { kind, message } };
}
