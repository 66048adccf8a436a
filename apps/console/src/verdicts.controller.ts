/**
 * An analyst's verdict from the console: true positive, false positive or benign true positive
 * on an incident episode or on one detection, posted to the disposition ingestor as a
 * Disposition (a detection's verdict names its rule and uses the detection id as fingerprint).
 * The verdict's time is when the analyst gave it. Answers once the console's own view has read
 * the verdict back, so the page that reloads shows it.
 */
import { ApiTags } from '@nestjs/swagger';
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import {
  DISPOSITION_SCOPES,
  MAX_NOTE_BYTES,
  VERDICTS,
  type Disposition,
  type Verdict,
} from '@riskline/contracts';
import { fieldValidationPipe } from '@riskline/service-host';
import { ConsoleSessionGuard } from './console-session';
import { ConsoleViews } from './console-views';
import { ServiceApis } from './service-apis';

const READ_BACK_MS = 5000;

export class VerdictRequest {
  @IsIn(DISPOSITION_SCOPES)
  scope!: (typeof DISPOSITION_SCOPES)[number];

  @ValidateIf((r: VerdictRequest) => r.scope === 'incident')
  @IsString()
  @Length(1, 256)
  incident_id?: string;

  @ValidateIf((r: VerdictRequest) => r.scope === 'detection')
  @IsString()
  @Length(1, 256)
  detection_id?: string;

  @IsIn(VERDICTS)
  verdict!: Verdict;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  analyst?: string;

  @IsOptional()
  @IsString()
  @Length(1, MAX_NOTE_BYTES)
  note?: string;
}

interface IntakeResult {
  accepted: number;
  duplicate: number;
  rejected: number;
  errors: unknown[];
}

@ApiTags('verdicts')
@Controller('api/v1/verdicts')
@UseGuards(ConsoleSessionGuard)
export class VerdictsController {
  constructor(
    @Inject(ConsoleViews) private readonly views: ConsoleViews,
    @Inject(ServiceApis) private readonly apis: ServiceApis,
  ) {}

  private disposition(body: VerdictRequest): Disposition {
    const common = {
      schema_version: 1 as const,
      verdict: body.verdict,
      // The analyst's act happens now: its wall-clock time is the verdict's time.
      timestamp: new Date().toISOString(),
      analyst: body.analyst ?? 'console',
      ...(body.note !== undefined ? { note: body.note } : {}),
    };
    if (body.scope === 'incident') {
      if (!this.views.incidents.get(body.incident_id!))
        throw new NotFoundException({ statusCode: 404, message: `no incident '${body.incident_id}' held` });
      return { ...common, scope: 'incident', incident_id: body.incident_id! };
    }
    const detection = this.views.detections.get(body.detection_id!);
    if (!detection)
      throw new NotFoundException({ statusCode: 404, message: `no detection '${body.detection_id}' held` });
    return { ...common, scope: 'detection', rule_id: detection.rule_id, fingerprint: detection.detection_id };
  }

  @Post()
  @HttpCode(200)
  @UsePipes(fieldValidationPipe())
  async submit(@Body() body: VerdictRequest) {
    const disposition = this.disposition(body);
    const result = await this.apis.call<IntakeResult>(
      'disposition-ingestor',
      'POST',
      '/api/v1/dispositions',
      disposition,
    );
    const readBack = result.accepted > 0 ? await this.views.caughtUp(READ_BACK_MS) : false;
    return { disposition, ...result, read_back: readBack };
  }
}
