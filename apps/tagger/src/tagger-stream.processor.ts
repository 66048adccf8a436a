/** The tagger processor as a NestJS provider, discovered and run by StreamProcessorsModule. */
import { Inject, Injectable } from '@nestjs/common';
import type { Decoded } from '@riskline/contracts';
import { StreamProcessor } from '@riskline/service-host';
import type {
  HandlerContext,
  InputRecord,
  Output,
  PartitionedProcessor,
  SnapshotCodec,
} from '@riskline/stream-runtime';
import { taggerProcessor } from './tagger.processor';
import { TAGGER_PROCESSOR } from './tagger.tokens';

type State = Record<string, never>;
type RawEvent = Record<string, unknown>;

@StreamProcessor()
@Injectable()
export class TaggerStreamProcessor implements PartitionedProcessor<State, RawEvent> {
  readonly name: string;
  readonly inputTopic: string;
  readonly snapshot: SnapshotCodec<State>;
  private readonly inner: PartitionedProcessor<State, RawEvent>;

  constructor(@Inject(TAGGER_PROCESSOR) inner: ReturnType<typeof taggerProcessor>) {
    this.inner = inner;
    this.name = inner.name;
    this.inputTopic = inner.inputTopic;
    this.snapshot = inner.snapshot;
  }

  decode(record: InputRecord): Decoded<RawEvent> {
    return this.inner.decode(record);
  }

  eventTime(event: RawEvent, record: InputRecord): number {
    return this.inner.eventTime(event, record);
  }

  createState(partition: number): State {
    return this.inner.createState(partition);
  }

  handle(state: State, event: RawEvent, context: HandlerContext): readonly Output[] {
    return this.inner.handle(state, event, context);
  }
}
