/**
 * Boots a service's Nest application in the test process, as `runService` would, against the
 * test stack: config validated from the given variables, HTTP on the given port (or any free
 * one), and waits for /readyz. For integration tests that drive services over HTTP and Kafka.
 */
import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { testBrokers, testRedisUrl } from '@riskline/stream-runtime/testing';
import { loadConfig } from '../config/load-config';
import { applyHttpSurface } from '../http/http-surface';
import { serveApiDocs } from '../http/api-docs';
import type { ServiceConfig } from '../config/service-config';
import { JsonLogger } from '../logging/json-logger';
import { ServiceHostModule } from '../service-host.module';

export const TEST_API_TOKEN = 'riskline-test-token-0123456789';

export interface BootedService {
  readonly app: INestApplication;
  readonly base: string;
}

export async function bootService<C extends ServiceConfig>(spec: {
  readonly service: string;
  readonly configClass: new () => C;
  readonly appModule: (config: C, host: DynamicModule) => DynamicModule;
  readonly env?: Record<string, string>;
  readonly port?: number;
}): Promise<BootedService> {
  const config = loadConfig(spec.configClass, {
    KAFKA_BROKERS: testBrokers().join(','),
    REDIS_URL: testRedisUrl(),
    RISKLINE_API_TOKEN: TEST_API_TOKEN,
    CHECKPOINT_INTERVAL_MS: '500',
    ...(spec.port === undefined ? {} : { HTTP_PORT: String(spec.port) }),
    ...spec.env,
  });
  const logger = new JsonLogger(spec.service, 'warn', () => undefined);
  const app = await NestFactory.create(
    spec.appModule(config, ServiceHostModule.forRoot({ service: spec.service, config, logger })),
    { logger: false },
  );
  applyHttpSurface(app, config);
  serveApiDocs(app, spec.service);
  await app.listen(spec.port ?? 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const deadline = Date.now() + 60_000;
  while ((await fetch(`${base}/readyz`)).status !== 200) {
    if (Date.now() > deadline) {
      await app.close();
      throw new Error(`${spec.service} not ready after 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { app, base };
}

/** Polls an async condition (an API answer) until it holds. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One JSON API call with the test token (or another, or none). */
export async function callApi(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; contentType?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely, asserted by shape
): Promise<{ status: number; body: any }> {
  const token = options.token === undefined ? TEST_API_TOKEN : options.token;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': options.contentType ?? 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}
