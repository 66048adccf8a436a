/** A rule that cannot be loaded: says which rule, where, and why. Loading goes on without it. */
export class RuleLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleLoadError';
  }
}
