/** Merges attacker behaviour observations into per-identity attribution profiles. */
import { Module, type DynamicModule } from '@nestjs/common';
import type { AttributionWorkerConfig } from './attribution-worker.config';

@Module({})
export class AttributionWorkerModule {
  static forRoot(_config: AttributionWorkerConfig, host: DynamicModule): DynamicModule {
    return { module: AttributionWorkerModule, imports: [host] };
  }
}
