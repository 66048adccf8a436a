/** Flattens class-validator's error tree into `a.b[0].c` field paths, one entry per field. */
import type { ValidationError } from 'class-validator';
import type { FieldViolation } from './rejection';

function join(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

export function fieldViolations(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const path = join(parent, error.property);
    if (error.constraints) out.push({ path, messages: Object.values(error.constraints) });
    if (error.children?.length) out.push(...fieldViolations(error.children, path));
  }
  return out;
}

export function describeViolations(violations: readonly FieldViolation[]): string {
  return violations.map((v) => `${v.path}: ${v.messages.join('; ')}`).join(', ');
}
