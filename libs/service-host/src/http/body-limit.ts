/**
 * JSON request bodies up to the service's MAX_BODY_BYTES (express' default is 100 KB, too small
 * for a batch of verdicts). Applied before the app initialises, so Nest's default parser is not
 * registered on top.
 */
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceConfig } from '../config/service-config';

export function applyBodyLimit(app: INestApplication, config: ServiceConfig): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: config.MAX_BODY_BYTES });
}
