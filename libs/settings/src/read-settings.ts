/**
 * Reads a YAML settings file into its settings class: the class's initialisers are the
 * defaults (an empty file is all defaults; a partial section keeps the defaults of the keys it
 * leaves out), every key is validated by its decorators, cross-field rules are reported the
 * same way, and everything wrong is thrown at once as one SettingsError. Pure.
 */
import { plainToInstance } from 'class-transformer';
import { parse } from 'yaml';
import { guardJson } from '@riskline/contracts';
import { SettingsError } from './settings-error';
import { describeProblem, instanceProblems, type EntryProblem } from './settings-problems';

/** A cross-field rule's finding: `at` names the key to fix. */
export type SettingsProblem = EntryProblem;

export function readSettings<T extends object>(
  schema: new () => T,
  text: string,
  subject: string,
  crossCheck: (settings: T) => readonly SettingsProblem[] = () => [],
): T {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new SettingsError(subject, [`not YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  doc ??= {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new SettingsError(subject, ['must be a YAML mapping']);
  // The same structural guard as every message: no prototype keys, bounded nesting.
  const unsafe = guardJson(doc);
  if (unsafe) throw new SettingsError(subject, [unsafe.message]);
  const settings = plainToInstance(schema, doc, { enableImplicitConversion: false });
  // Every problem at once: cross-field rules run even when a field is wrong, so they must read
  // the instance defensively (a duration that does not parse is not a whole number of buckets).
  const problems = [...instanceProblems(settings), ...crossCheck(settings)];
  if (problems.length > 0) throw new SettingsError(subject, problems.map(describeProblem));
  return settings;
}
