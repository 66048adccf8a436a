/**
 * Declares a provider as a partitioned stream processor, the NestJS way: the class implements
 * `PartitionedProcessor` (pure handler, state factory, snapshot codec) and
 * `StreamProcessorsModule` runs it on the stream runtime when the application boots.
 */
import { SetMetadata } from '@nestjs/common';

export const STREAM_PROCESSOR = Symbol('riskline:stream-processor');

export interface StreamProcessorOptions {
  /** Consumer group; defaults to `riskline-<processor name>`. */
  readonly groupId?: string;
}

export const StreamProcessor = (options: StreamProcessorOptions = {}): ClassDecorator =>
  SetMetadata(STREAM_PROCESSOR, options);
