/**
 * Auto-clip steps aside while an operator's hand-set state is in force; when the operator
 * clears or replaces it, a rule the store holds clipped gets its auto-clip record again — at
 * once, not at the store's next transition, which may never come. Only the instance owning the
 * rule's partition acts, from the store's own state, so the decision stays the store's.
 */
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { TopicNames } from '@riskline/contracts';
import {
  clipRecord,
  fpRatio,
  VERDICT_STORE_PROCESSOR,
  type DispositionSettings,
} from '@riskline/dispositions';
import { LOGGER, StreamProcessorsHost, type JsonLogger } from '@riskline/service-host';
import { DISPOSITION_SETTINGS, DISPOSITIONS_PRODUCER, INGESTOR_TOPICS } from './dispositions.tokens';
import { INGESTOR_TABLES } from './ingestor-lifecycle';
import type { IngestorTables } from './ingestor-tables';

@Injectable()
export class AutoClipResumption implements OnApplicationBootstrap {
  constructor(
    @Inject(INGESTOR_TABLES) private readonly tables: IngestorTables,
    @Inject(StreamProcessorsHost) private readonly host: StreamProcessorsHost,
    @Inject(DISPOSITIONS_PRODUCER) private readonly producer: Producer,
    @Inject(INGESTOR_TOPICS) private readonly topics: TopicNames,
    @Inject(DISPOSITION_SETTINGS) private readonly settings: DispositionSettings,
    @Inject(LOGGER) private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.tables.ruleStates.states.onOperatorRelease = (ruleId) =>
      void this.resume(ruleId).catch((error: Error) =>
        this.log.warn('auto-clip not resumed', { rule_id: ruleId, error: error.message }),
      );
  }

  private async resume(ruleId: string): Promise<void> {
    const runner = this.host.runner(VERDICT_STORE_PROCESSOR);
    for (const progress of runner?.ownedPartitions().values() ?? []) {
      const tally = progress.state.rules.get(ruleId);
      if (!tally?.clipped) continue;
      const counts = tally.counts();
      const ratio = fpRatio(counts, this.settings.numerator, this.settings.minSample);
      const record = clipRecord(ruleId, true, ratio, counts, this.settings, progress.watermarkMs ?? 0);
      await this.producer.send({
        topic: this.topics.ruleState,
        acks: -1,
        messages: [{ key: ruleId, value: JSON.stringify(record) }],
      });
      this.log.info('auto-clip resumed after the operator state was lifted', { rule_id: ruleId });
    }
  }
}
