/** Invalid tagging configuration: every problem names its key path (e.g. `scores.levels.high`). */
export class TaggingConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'TaggingConfigError';
  }
}
