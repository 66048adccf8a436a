/**
 * Validates a service's environment against its config class (class-validator). Property names
 * are the environment variable names, so every message names the key to fix. Invariant: a
 * service never starts on a value that failed validation — it exits naming the variable.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './config-error';

/** Keys whose values never appear in a message (the log of a refused start is not a vault). */
const SECRET_KEY = /PASSWORD|TOKEN|SECRET|(^|_)KEY($|_)/;

function problems(errors: readonly ValidationError[], prefix = ''): { key: string; message: string }[] {
  return errors.flatMap((e) => {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const got =
      SECRET_KEY.test(e.property) && !e.property.endsWith('_FILE') ? '<redacted>' : JSON.stringify(e.value);
    const own = e.constraints
      ? [{ key, message: `${Object.values(e.constraints).join('; ')} (got ${got})` }]
      : [];
    return [...own, ...problems(e.children ?? [], key)];
  });
}

export function loadConfig<T extends object>(
  cls: new () => T,
  env: Readonly<Record<string, string | undefined>>,
): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const instance = plainToInstance(cls, defined, {
    excludeExtraneousValues: false,
    exposeDefaultValues: true,
  });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) throw new ConfigError(problems(errors));
  const crossField = (
    instance as { crossFieldProblems?: () => { key: string; message: string }[] }
  ).crossFieldProblems?.();
  if (crossField && crossField.length > 0) throw new ConfigError(crossField);
  return instance;
}
