/**
 * Attribution worker: behavioural observations of attackers (soc.attacker.observations) merged
 * into per-(identity, primitive) states, with state changes and multi-actor suspicions on
 * soc.attribution.events. The settings file is read and validated before start.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { ATTRIBUTION_PROCESSOR, attributionProcessor, parseAttributionSettings } from '@riskline/attribution';
import { configuredTopics, loadConfigFile, streamProcessors } from '@riskline/service-host';
import type { AttributionWorkerConfig } from './attribution-worker.config';
import { AttributionController } from './attribution.controller';

@Module({})
export class AttributionWorkerModule {
  static forRoot(config: AttributionWorkerConfig, host: DynamicModule): DynamicModule {
    const settings = loadConfigFile(
      'ATTRIBUTION_CONFIG',
      config.ATTRIBUTION_CONFIG,
      parseAttributionSettings,
    );
    return {
      module: AttributionWorkerModule,
      imports: [host],
      controllers: [AttributionController],
      providers: [
        ...streamProcessors({
          processors: [
            { handle: ATTRIBUTION_PROCESSOR, useValue: attributionProcessor(configuredTopics(), settings) },
          ],
        }),
      ],
    };
  }
}
