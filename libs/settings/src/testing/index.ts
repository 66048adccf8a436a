import { SettingsError } from '../settings-error';

/** The problems `read` throws as a SettingsError ([] when it reads cleanly); anything else rethrown. */
export function settingsProblems(read: () => unknown): readonly string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}
