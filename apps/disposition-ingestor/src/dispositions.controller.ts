/**
 * The dispositions API (bearer token):
 * - POST /api/v1/dispositions — a verdict, an array of them, or NDJSON; answers
 *   {accepted, duplicate, rejected, errors[]}; 400 only when the body has none of those shapes.
 * - GET /api/v1/dispositions[?rule_id=] — the settings and every rule's scorecard with its
 *   current rule state, from the tables every instance reads, so any instance answers for all.
 * - POST /api/v1/dispositions/counted — between instances: whether the store has counted keys.
 */
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { Disposition, eventTimeMs } from '@riskline/contracts';
import type { DispositionSettings } from '@riskline/dispositions';
import { BearerTokenGuard, bodySchema } from '@riskline/service-host';
import { DISPOSITION_SETTINGS } from './dispositions.tokens';
import type { IngestorTables } from './ingestor-tables';
import { INGESTOR_TABLES } from './ingestor-lifecycle';
import { VerdictIntake, type CountedQuery } from './verdict-intake';

const MAX_COUNTED_QUERIES = 100_000;

function badRequest(path: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message,
    fields: [{ path, messages: [message] }],
  });
}

@ApiTags('dispositions')
@Controller('api/v1/dispositions')
@UseGuards(BearerTokenGuard)
export class DispositionsController {
  constructor(
    @Inject(VerdictIntake) private readonly intake: VerdictIntake,
    @Inject(INGESTOR_TABLES) private readonly tables: IngestorTables,
    @Inject(DISPOSITION_SETTINGS) private readonly settings: DispositionSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({
    description: 'Analyst verdicts: one Disposition, an array of them, or NDJSON (one per line)',
    schema: { oneOf: [bodySchema(Disposition), { type: 'array', items: bodySchema(Disposition) }] },
  })
  async submit(@Body() body: unknown, @Headers('authorization') authorization?: string) {
    const result = await this.intake.submit(body, authorization);
    if (!result)
      throw badRequest(
        '',
        'body must be a JSON object, a JSON array of objects, or NDJSON (one object per line)',
      );
    return result;
  }

  @Post('counted')
  @HttpCode(200)
  async counted(@Body() body: { keys?: unknown }) {
    const keys = body?.keys;
    const valid = (k: unknown): k is CountedQuery =>
      typeof k === 'object' &&
      k !== null &&
      typeof (k as CountedQuery).rule_id === 'string' &&
      typeof (k as CountedQuery).dedup_key === 'string';
    if (!Array.isArray(keys) || keys.length > MAX_COUNTED_QUERIES)
      throw badRequest('keys', `must be an array of at most ${MAX_COUNTED_QUERIES} {rule_id, dedup_key}`);
    const bad = keys.findIndex((k) => !valid(k));
    if (bad >= 0) throw badRequest(`keys[${bad}]`, 'must be {rule_id: string, dedup_key: string}');
    return { counted: await this.intake.counted(keys as CountedQuery[]) };
  }

  private view(ruleId: string) {
    const scorecard = this.tables.scorecards.scorecards.get(ruleId);
    if (!scorecard) return null;
    const record = this.tables.ruleStates.states.effective(ruleId, eventTimeMs(scorecard.as_of)).record;
    return {
      rule_id: ruleId,
      counts: scorecard.counts,
      fp_ratio: scorecard.fp_ratio,
      as_of: scorecard.as_of,
      rule_state: record
        ? {
            state: record.state,
            origin: record.origin,
            reason: record.reason,
            confidence_max: record.confidence_max ?? null,
          }
        : null,
    };
  }

  @Get()
  list() {
    const rules = [...this.tables.scorecards.scorecards.keys()]
      .map((id) => this.view(id)!)
      .sort((a, b) => (b.fp_ratio ?? -1) - (a.fp_ratio ?? -1) || (a.rule_id < b.rule_id ? -1 : 1));
    const s = this.settings;
    return {
      window_days: s.windowMs / 86_400_000,
      bucket_hours: s.bucketMs / 3_600_000,
      numerator: s.numerator,
      min_sample: s.minSample,
      auto_clip: {
        enabled: s.autoClip.enabled,
        threshold: s.autoClip.threshold,
        release_below: s.autoClip.releaseBelow,
        confidence_max: s.autoClip.confidenceMax,
      },
      rules,
    };
  }

  @Get(':ruleId')
  one(@Param('ruleId') ruleId: string) {
    const view = this.view(ruleId);
    if (!view)
      throw new NotFoundException({
        statusCode: 404,
        message: `no verdicts for rule '${ruleId}' in the window`,
      });
    return view;
  }
}
