/**
 * The tagger's effective risk config (bearer token): the file it was started with, every
 * default filled in — entity selectors with their kinds, canonical forms and exclusions, threat
 * object selectors, risk factors (enabled or not) and scores — so an operator sees what never
 * becomes an entity and what weights a score without reading the source.
 */
import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { BearerTokenGuard } from '@riskline/service-host';
import type { RiskConfig } from '@riskline/tagging';
import { RISK_CONFIG } from './tagger.tokens';

@ApiTags('risk config')
@Controller('api/v1/risk-config')
@UseGuards(BearerTokenGuard)
export class RiskConfigController {
  constructor(@Inject(RISK_CONFIG) private readonly risk: RiskConfig) {}

  @Get()
  show() {
    return this.risk.effective;
  }
}
