/**
 * Risk accumulator: per-entity sliding-window risk over soc.risk.contributions → risk incidents
 * on soc.risk.incidents. The incident policies file is read and validated before start.
 */
import { readFileSync } from 'node:fs';
import { Module, type DynamicModule } from '@nestjs/common';
import {
  DEFAULT_RISK_POLICIES_YAML,
  parseRiskSettings,
  RiskConfigError,
  type RiskSettings,
} from '@riskline/risk';
import { ConfigError, configuredTopics, StreamProcessorsModule } from '@riskline/service-host';
import type { RiskAccumulatorConfig } from './risk-accumulator.config';
import { RiskController } from './risk.controller';
import { riskProcessor } from './risk.processor';
import { RISK_PROCESSOR, RISK_SETTINGS } from './risk.tokens';

function readSettings(path: string | undefined): RiskSettings {
  try {
    return parseRiskSettings(path ? readFileSync(path, 'utf8') : DEFAULT_RISK_POLICIES_YAML);
  } catch (error) {
    if (error instanceof RiskConfigError)
      throw new ConfigError(
        error.problems.map((message) => ({ key: `RISK_POLICIES (${path ?? 'defaults'})`, message })),
      );
    throw new ConfigError([
      {
        key: 'RISK_POLICIES',
        message: `cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    ]);
  }
}

@Module({})
export class RiskAccumulatorModule {
  static forRoot(config: RiskAccumulatorConfig, host: DynamicModule): DynamicModule {
    const settings = readSettings(config.RISK_POLICIES);
    const topics = configuredTopics();
    return {
      module: RiskAccumulatorModule,
      imports: [host, StreamProcessorsModule.forRoot({ processors: [RISK_PROCESSOR] })],
      controllers: [RiskController],
      providers: [
        { provide: RISK_SETTINGS, useValue: settings },
        { provide: RISK_PROCESSOR, useValue: riskProcessor(topics, settings) },
      ],
    };
  }
}
