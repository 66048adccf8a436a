/**
 * The analyst console: the built front end (static, every script and font bundled, so the page
 * makes no external request) and the /api routes it calls — sessions, the incident queue and its
 * live feed, entity pages, verdicts, rules and ATT&CK views — over the console's own views of
 * the topics and the other services' APIs. It owns no partition and no state of record.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ConfigError } from '@riskline/service-host';
import { AttackController } from './attack.controller';
import type { ConsoleConfig } from './console.config';
import { ConsoleSessionGuard, SessionController } from './console-session';
import { ConsoleViews } from './console-views';
import { EntitiesController } from './entities.controller';
import { IncidentsController } from './incidents.controller';
import { RulesController } from './rules.controller';
import { ServiceApis } from './service-apis';
import { VerdictsController } from './verdicts.controller';

/** Scripts, styles, fonts and images only from the console itself; API calls to itself. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function securityHeaders(res: { setHeader(name: string, value: string): void }): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function webRoot(config: ConsoleConfig): string {
  const root = resolve(config.CONSOLE_WEB_DIR);
  if (!existsSync(join(root, 'index.html')))
    throw new ConfigError([
      {
        key: 'CONSOLE_WEB_DIR',
        message: `no index.html in '${root}': build the front end first (npx nx run console:build-web)`,
      },
    ]);
  return root;
}

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig, host: DynamicModule): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        host,
        ServeStaticModule.forRoot({
          rootPath: webRoot(config),
          exclude: ['/api/{*path}', '/healthz', '/readyz', '/metrics'],
          serveStaticOptions: { index: 'index.html', setHeaders: securityHeaders },
        }),
      ],
      controllers: [
        SessionController,
        IncidentsController,
        EntitiesController,
        VerdictsController,
        RulesController,
        AttackController,
      ],
      providers: [ConsoleViews, ServiceApis, ConsoleSessionGuard],
    };
  }
}
