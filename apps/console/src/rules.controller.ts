/**
 * The rule list as analysts and operators see it: each loaded rule (tagger) with its live
 * state and any state record, its scorecard and auto-clip reason (disposition ingestor), and
 * its false-positive ratio over time (the console's scorecard trend). Operators set a state
 * with a reason and an expiry, or clear it; the tagger validates and publishes it.
 */
import { ApiTags } from '@nestjs/swagger';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ConsoleSessionGuard } from './console-session';
import { ConsoleViews } from './console-views';
import { ServiceApis } from './service-apis';

export interface TaggerRule {
  id: string;
  kind: string;
  title: string;
  level: string;
  tactics: string[];
  techniques: string[];
  status: string;
  state: string;
  confidence_max: number | null;
  state_record: Record<string, unknown> | null;
}

interface TaggerRules {
  counts: Record<string, number>;
  rules: TaggerRule[];
}

interface RuleScore {
  rule_id: string;
  counts: Record<string, number>;
  fp_ratio: number | null;
  as_of: string;
  rule_state: Record<string, unknown> | null;
}

interface Dispositions {
  min_sample: number;
  auto_clip: Record<string, unknown>;
  rules: RuleScore[];
}

@ApiTags('rules')
@Controller('api/v1/rules')
@UseGuards(ConsoleSessionGuard)
export class RulesController {
  constructor(
    @Inject(ConsoleViews) private readonly views: ConsoleViews,
    @Inject(ServiceApis) private readonly apis: ServiceApis,
  ) {}

  private async merged() {
    const [tagger, dispositions] = await Promise.all([
      this.apis.get<TaggerRules>('tagger', '/api/v1/rules'),
      this.apis.get<Dispositions>('disposition-ingestor', '/api/v1/dispositions'),
    ]);
    const scores = new Map(dispositions.rules.map((r) => [r.rule_id, r]));
    const rules = tagger.rules.map((rule) => {
      const score = scores.get(rule.id);
      return {
        ...rule,
        scorecard: score ? { counts: score.counts, fp_ratio: score.fp_ratio, as_of: score.as_of } : null,
        fp_trend: this.views.trend.of(rule.id),
      };
    });
    return {
      counts: tagger.counts,
      min_sample: dispositions.min_sample,
      auto_clip: dispositions.auto_clip,
      rules,
    };
  }

  @Get()
  list() {
    return this.merged();
  }

  @Get(':id')
  async one(@Param('id') id: string) {
    const rule = (await this.merged()).rules.find((r) => r.id === id);
    if (!rule) throw new NotFoundException({ statusCode: 404, message: `no rule '${id}' loaded` });
    return rule;
  }

  /** Body as the tagger's POST /api/v1/rules/:id/state takes it; the tagger's 400s come back as they are. */
  @Post(':id/state')
  @HttpCode(202)
  setState(@Param('id') id: string, @Body() body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'body must be a JSON object',
        fields: [{ path: '', messages: ['must be a JSON object'] }],
      });
    return this.apis.call('tagger', 'POST', `/api/v1/rules/${encodeURIComponent(id)}/state`, {
      set_by: 'console',
      ...body,
    });
  }

  @Delete(':id/state')
  @HttpCode(202)
  clearState(@Param('id') id: string) {
    return this.apis.call('tagger', 'DELETE', `/api/v1/rules/${encodeURIComponent(id)}/state`);
  }
}
