import { runService } from '@riskline/service-host';
import { AttributionWorkerConfig } from './attribution-worker.config';
import { AttributionWorkerModule } from './attribution-worker.module';

void runService({
  name: 'attribution-worker',
  configClass: AttributionWorkerConfig,
  appModule: AttributionWorkerModule.forRoot,
});
