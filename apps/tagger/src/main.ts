import { runService } from '@riskline/service-host';
import { TaggerConfig } from './tagger.config';
import { TaggerModule } from './tagger.module';

void runService({ name: 'tagger', configClass: TaggerConfig, appModule: TaggerModule.forRoot });
