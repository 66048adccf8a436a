/**
 * ATT&CK views: the matrix heat map of rule coverage and of detections in an event-time range,
 * and the same two as ATT&CK Navigator layers (format 4.5, the layers `riskline navigator`
 * writes) to download.
 */
import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Header, Inject, Query, UseGuards, UsePipes } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { IsEventTime } from '@riskline/contracts';
import { attackMatrix } from '@riskline/analyst-views';
import { fieldValidationPipe } from '@riskline/service-host';
import { coverageTally, detectionTally, navigatorLayer } from '@riskline/tagging';
import { ConsoleSessionGuard } from './console-session';
import { ConsoleViews } from './console-views';
import type { TaggerRule } from './rules.controller';
import { ServiceApis } from './service-apis';

export class TimeRangeQuery {
  @IsOptional()
  @IsEventTime()
  from?: string;

  @IsOptional()
  @IsEventTime()
  to?: string;
}

export class LayerQuery extends TimeRangeQuery {
  @IsIn(['coverage', 'detections'])
  layer!: 'coverage' | 'detections';
}

const range = (q: TimeRangeQuery) => ({
  fromMs: q.from === undefined ? -Infinity : Date.parse(q.from),
  toMs: q.to === undefined ? Infinity : Date.parse(q.to),
});

@ApiTags('attack')
@Controller('api/v1/attack')
@UseGuards(ConsoleSessionGuard)
export class AttackController {
  constructor(
    @Inject(ConsoleViews) private readonly views: ConsoleViews,
    @Inject(ServiceApis) private readonly apis: ServiceApis,
  ) {}

  private async rules(): Promise<TaggerRule[]> {
    return (await this.apis.get<{ rules: TaggerRule[] }>('tagger', '/api/v1/rules')).rules;
  }

  @Get('matrix')
  @UsePipes(fieldValidationPipe())
  async matrix(@Query() query: TimeRangeQuery) {
    const { fromMs, toMs } = range(query);
    const detections = this.views.detections.inRange(fromMs, toMs);
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      detections: detections.length,
      ...attackMatrix(await this.rules(), detections),
    };
  }

  @Get('navigator')
  @UsePipes(fieldValidationPipe())
  @Header('Content-Disposition', 'attachment; filename="riskline-layer.json"')
  async navigator(@Query() query: LayerQuery) {
    const { fromMs, toMs } = range(query);
    if (query.layer === 'coverage')
      return navigatorLayer(coverageTally(await this.rules()), {
        name: 'Riskline rule coverage',
        description: 'Techniques scored by how many loaded rules detect them',
        unit: 'rule',
      });
    return navigatorLayer(detectionTally(this.views.detections.inRange(fromMs, toMs)), {
      name: 'Riskline detections',
      description: `Techniques scored by detections from ${query.from ?? 'the first'} to ${query.to ?? 'the last'} held by the console`,
      unit: 'detection',
    });
  }
}
