/**
 * Judges a settings instance: class-validator's findings flattened to `path: message` lines,
 * unknown keys reported as such, and `Entries` judged entry by entry on their own paths. Pure.
 */
import { validateSync, type ValidationError } from 'class-validator';

/** The constraint whose problems are found entry by entry. */
export const ENTRIES_CONSTRAINT = 'settingsEntries';

/** One entry's problem: `at` is the path below the entry's key ('' for the entry itself). */
export interface EntryProblem {
  readonly at: string;
  readonly message: string;
}
export type EntryCheck = (value: unknown, key: string) => readonly EntryProblem[];

function join(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function flatten(errors: readonly ValidationError[], parent: string): EntryProblem[] {
  const out: EntryProblem[] = [];
  for (const error of errors) {
    const at = join(parent, error.property);
    const constraints = error.constraints ?? {};
    if ('whitelistValidation' in constraints) out.push({ at, message: 'unknown key' });
    else if ('nestedValidation' in constraints) out.push({ at, message: 'must be a mapping' });
    else if (ENTRIES_CONSTRAINT in constraints && isMapping(error.value)) {
      const check = (error.contexts?.[ENTRIES_CONSTRAINT] as { check: EntryCheck }).check;
      for (const [key, value] of Object.entries(error.value))
        for (const problem of check(value, key))
          out.push({
            at: problem.at ? `${join(at, key)}.${problem.at}` : join(at, key),
            message: problem.message,
          });
    } else for (const message of Object.values(constraints)) out.push({ at, message });
    if (error.children?.length) out.push(...flatten(error.children, at));
  }
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem of `instance` (a settings class instance), paths relative to it. */
export function instanceProblems(instance: object): EntryProblem[] {
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
  });
  return flatten(errors, '');
}

export function describeProblem(problem: EntryProblem): string {
  return problem.at ? `${problem.at}: ${problem.message}` : problem.message;
}
