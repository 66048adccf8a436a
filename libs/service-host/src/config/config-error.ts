/** Raised when configuration is invalid; lists each offending key so the operator can fix all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { key: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}
