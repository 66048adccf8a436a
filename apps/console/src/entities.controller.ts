/**
 * An entity's page in one request: its risk windows with the contributions in them (from the
 * risk accumulator, which owns them), the detections behind them with the event fields that
 * matched and any verdict on each, its incident episodes with their verdicts, and — for an
 * attacker — its attribution profile (from the attribution worker).
 */
import { ApiTags } from '@nestjs/swagger';
import { BadRequestException, Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { entityKey } from '@riskline/contracts';
import { ConsoleSessionGuard } from './console-session';
import { ConsoleViews } from './console-views';
import { rowView } from './incidents.controller';
import { ServiceApis } from './service-apis';

/** Entity types whose value is an attacker id the attribution worker profiles. */
const ATTACKER_TYPES = new Set(['attacker']);

@ApiTags('entities')
@Controller('api/v1/entities')
@UseGuards(ConsoleSessionGuard)
export class EntitiesController {
  constructor(
    @Inject(ConsoleViews) private readonly views: ConsoleViews,
    @Inject(ServiceApis) private readonly apis: ServiceApis,
  ) {}

  @Get(':type/:value')
  async one(@Param('type') type: string, @Param('value') value: string) {
    try {
      entityKey(type, value);
    } catch (error) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: (error as Error).message,
        fields: [{ path: 'type', messages: [(error as Error).message] }],
      });
    }
    const path = `${encodeURIComponent(type)}/${encodeURIComponent(value)}`;
    const [risk, attribution] = await Promise.all([
      this.apis.find<Record<string, unknown>>('risk-accumulator', `/api/v1/risk/${path}?contributions=true`),
      ATTACKER_TYPES.has(type)
        ? this.apis.find<Record<string, unknown>>(
            'attribution-worker',
            `/api/v1/attackers/${encodeURIComponent(value)}/attribution`,
          )
        : Promise.resolve(null),
    ]);
    const detections = this.views.detections.ofEntity(type, value).map((d) => ({
      ...d,
      verdict: this.views.verdicts.ofDetection(d.detection_id),
    }));
    return {
      entity_type: type,
      entity_value: value,
      risk,
      detections,
      incidents: this.views.incidents.ofEntity(type, value, this.views.verdicts).map(rowView),
      attribution,
    };
  }
}
