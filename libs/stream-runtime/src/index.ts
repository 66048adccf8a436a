export * from './log-sink';
export * from './kafka-client';
export * from './redis-client';
export * from './ensure-topics';
