/**
 * The HTTP surface every service shares, applied before the app initialises:
 * - JSON bodies up to MAX_BODY_BYTES (express' default of 100 KB is too small for a batch of
 *   verdicts), registered before Nest's default parser so it is not stacked on top;
 * - a parsed body nested deeper than the contracts allow, or carrying `__proto__`-style keys,
 *   is a 400 naming why (class-transformer would otherwise recurse into it and answer 500);
 * - a path that exists under another method is 405 with `Allow`, not 404;
 * - no `X-Powered-By` banner.
 */
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { guardJson } from '@riskline/contracts';
import type { ServiceConfig } from '../config/service-config';

type Request = IncomingMessage & { path: string; method: string; body?: unknown };
type Response = ServerResponse;
type NextFunction = () => void;

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match?(path: string): boolean;
}

function answer(res: Response, statusCode: number, error: string, message: string): void {
  res.statusCode = statusCode;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ statusCode, error, message }));
}

/** Methods the app's routes accept for `path` (read from express' router; empty when unknown). */
function allowedMethods(app: NestExpressApplication, path: string): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router?: { stack?: RouteLayer[] } }).router;
  const methods = new Set<string>();
  for (const layer of router?.stack ?? []) {
    if (!layer.route || typeof layer.match !== 'function' || !layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on) methods.add(method.toUpperCase());
  }
  return [...methods].sort();
}

export function applyHttpSurface(app: INestApplication, config: ServiceConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: config.MAX_BODY_BYTES });
  express.use((req: Request, res: Response, next: NextFunction) => {
    const allowed = allowedMethods(express, req.path);
    if (
      allowed.length > 0 &&
      !allowed.includes(req.method) &&
      !(req.method === 'HEAD' && allowed.includes('GET'))
    ) {
      res.setHeader('Allow', allowed.join(', '));
      return answer(res, 405, 'Method Not Allowed', `${req.method} is not allowed on ${req.path}`);
    }
    if (req.body !== undefined && typeof req.body === 'object' && req.body !== null) {
      const refused = guardJson(req.body);
      if (refused) return answer(res, 400, 'Bad Request', refused.message);
    }
    next();
  });
}
