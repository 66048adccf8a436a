export * from './log-sink';
export * from './kafka-client';
export * from './redis-client';
export * from './ensure-topics';
export * from './key-partition';
export * from './checkpoint-store';
export * from './stream-runner';
export * from './topic-table-reader';
