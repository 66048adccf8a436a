/**
 * Each service's `/api` routes as an OpenAPI 3 document (@nestjs/swagger), served with Swagger
 * UI at `/api/docs` and as JSON at `/api/docs/openapi.json` — assets from swagger-ui-dist, so no
 * external request. Documentation holds no data, so it needs no token; the routes it describes
 * do (bearer `RISKLINE_API_TOKEN`). Request bodies validated by class-validator classes are
 * described by their own decorators (`bodySchema`, via class-validator-jsonschema), so the
 * document and the 400s cannot disagree.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

export const API_DOCS_PATH = 'api/docs';

export function serveApiDocs(app: INestApplication, service: string): void {
  const config = new DocumentBuilder()
    .setTitle(`Riskline ${service}`)
    .setDescription(
      `The ${service}'s HTTP API. Every /api route needs \`Authorization: Bearer <RISKLINE_API_TOKEN>\` (401 without); invalid input is 400 with field paths. /healthz, /readyz and /metrics are open.`,
    )
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Only the API: probes and metrics are described above.
  document.paths = Object.fromEntries(
    Object.entries(document.paths).filter(([path]) => path.startsWith('/api/')),
  );
  SwaggerModule.setup(API_DOCS_PATH, app, document, {
    jsonDocumentUrl: `${API_DOCS_PATH}/openapi.json`,
    yamlDocumentUrl: `${API_DOCS_PATH}/openapi.yaml`,
  });
}

/** A request body's JSON Schema, from the class that validates it. */
export function bodySchema(cls: new () => object): Record<string, unknown> {
  return targetConstructorToSchema(cls) as Record<string, unknown>;
}
