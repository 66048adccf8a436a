import { runService } from '@riskline/service-host';
import { DispositionIngestorConfig } from './disposition-ingestor.config';
import { DispositionIngestorModule } from './disposition-ingestor.module';

void runService({
  name: 'disposition-ingestor',
  configClass: DispositionIngestorConfig,
  appModule: DispositionIngestorModule.forRoot,
});
