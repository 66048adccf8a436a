/** Per-entity sliding risk windows over soc.risk.contributions; raises risk incidents. */
import { Module, type DynamicModule } from '@nestjs/common';
import type { RiskAccumulatorConfig } from './risk-accumulator.config';

@Module({})
export class RiskAccumulatorModule {
  static forRoot(_config: RiskAccumulatorConfig, host: DynamicModule): DynamicModule {
    return { module: RiskAccumulatorModule, imports: [host] };
  }
}
