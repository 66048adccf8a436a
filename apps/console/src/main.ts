import { runService } from '@riskline/service-host';
import { ConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';

void runService({
  name: 'console',
  configClass: ConsoleConfig,
  appModule: ConsoleModule.forRoot,
});
