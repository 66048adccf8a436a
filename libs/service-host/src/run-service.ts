/**
 * The `main` of every service: validate config (exit 78, naming each bad key, on failure),
 * build the Nest app with the JSON logger, listen, and close cleanly on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule } from '@nestjs/common';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { applyHttpSurface } from './http/http-surface';
import { serveApiDocs } from './http/api-docs';
import type { ServiceConfig } from './config/service-config';
import { JsonLogger } from './logging/json-logger';
import { ServiceHostModule } from './service-host.module';
import { startTelemetry } from './telemetry/telemetry';

/** sysexits' EX_CONFIG: the configuration is wrong, restarting will not help. */
export const EXIT_CONFIG = 78;

export interface ServiceSpec<C extends ServiceConfig> {
  readonly name: string;
  readonly configClass: new () => C;
  /** The service's own module, given the validated config and the host module to import. */
  readonly appModule: (config: C, host: DynamicModule) => DynamicModule;
}

export async function runService<C extends ServiceConfig>(
  spec: ServiceSpec<C>,
  env = process.env,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig(spec.configClass, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    new JsonLogger(spec.name).error(`refusing to start: ${error.message}`, { problems: error.problems });
    process.exitCode = EXIT_CONFIG;
    return;
  }
  const logger = new JsonLogger(spec.name, config.LOG_LEVEL);
  const host = ServiceHostModule.forRoot({ service: spec.name, config, logger });
  let appModule: DynamicModule;
  try {
    // Services read and validate their configuration files here; a bad one is a config error too.
    appModule = spec.appModule(config, host);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error(`refusing to start: ${error.message}`, { problems: error.problems });
    process.exitCode = EXIT_CONFIG;
    return;
  }
  const telemetry = startTelemetry(spec.name);
  const app = await NestFactory.create(appModule, { logger, abortOnError: false });
  // Not Nest's enableShutdownHooks: it re-raises the signal after closing, so a clean stop
  // (final checkpoints written, group left) would look like a kill (exit 143) to Kubernetes.
  let closing: Promise<void> | null = null;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    logger.info('shutting down', { signal });
    closing = app
      .close()
      .then(() => telemetry?.shutdown())
      .then(
        () => {
          logger.info('stopped cleanly', { signal });
          process.exit(0);
        },
        (error: Error) => {
          logger.error('shutdown failed', { signal, error: error.message });
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  applyHttpSurface(app, config);
  serveApiDocs(app, spec.name);
  await app.listen(config.HTTP_PORT, '0.0.0.0');
  logger.info('listening', { port: config.HTTP_PORT, instance: config.INSTANCE_ID });
}
