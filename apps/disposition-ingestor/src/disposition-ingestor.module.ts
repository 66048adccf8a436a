/** Analyst verdicts, per-rule false-positive ratios, automatic clipping of noisy rules. */
import { Module, type DynamicModule } from '@nestjs/common';
import type { DispositionIngestorConfig } from './disposition-ingestor.config';

@Module({})
export class DispositionIngestorModule {
  static forRoot(_config: DispositionIngestorConfig, host: DynamicModule): DynamicModule {
    return { module: DispositionIngestorModule, imports: [host] };
  }
}
