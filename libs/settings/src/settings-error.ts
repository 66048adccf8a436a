/**
 * The one error of every YAML settings file: the file's subject and every problem found, each
 * `path: what is wrong` (e.g. `auto_clip.release_below: must not exceed auto_clip.threshold`),
 * so an operator fixes the whole file in one pass. Services turn it into a ConfigError naming
 * the variable that pointed at the file; the CLI into a usage error naming the file.
 */
export class SettingsError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`${subject}: ${problems.join('; ')}`);
    this.name = 'SettingsError';
  }
}
