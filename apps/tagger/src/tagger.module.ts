/** Evaluates Sigma and native TTP rules on soc.events; emits detections and risk contributions. */
import { Module, type DynamicModule } from '@nestjs/common';
import type { TaggerConfig } from './tagger.config';

@Module({})
export class TaggerModule {
  static forRoot(_config: TaggerConfig, host: DynamicModule): DynamicModule {
    return { module: TaggerModule, imports: [host] };
  }
}
