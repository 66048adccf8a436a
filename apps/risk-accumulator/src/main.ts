import { runService } from '@riskline/service-host';
import { RiskAccumulatorConfig } from './risk-accumulator.config';
import { RiskAccumulatorModule } from './risk-accumulator.module';

void runService({
  name: 'risk-accumulator',
  configClass: RiskAccumulatorConfig,
  appModule: RiskAccumulatorModule.forRoot,
});
