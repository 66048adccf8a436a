/**
 * Risk accumulator: per-entity sliding-window risk over soc.risk.contributions → risk incidents
 * on soc.risk.incidents. The incident policies file is read and validated before start.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { parseRiskSettings, RISK_PROCESSOR, riskProcessor } from '@riskline/risk';
import { configuredTopics, loadConfigFile, streamProcessors } from '@riskline/service-host';
import type { RiskAccumulatorConfig } from './risk-accumulator.config';
import { RiskController } from './risk.controller';
import { RISK_SETTINGS } from './risk.tokens';

@Module({})
export class RiskAccumulatorModule {
  static forRoot(config: RiskAccumulatorConfig, host: DynamicModule): DynamicModule {
    const settings = loadConfigFile('RISK_POLICIES', config.RISK_POLICIES, parseRiskSettings);
    const topics = configuredTopics();
    return {
      module: RiskAccumulatorModule,
      imports: [host],
      controllers: [RiskController],
      providers: [
        ...streamProcessors({
          processors: [{ handle: RISK_PROCESSOR, useValue: riskProcessor(topics, settings) }],
        }),
        { provide: RISK_SETTINGS, useValue: settings },
      ],
    };
  }
}
