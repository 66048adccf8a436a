export * from './risk-config';
export * from './entities';
export * from './scoring';
export * from './event-time';
export * from './tag-event';
export * from './tagger-processor';
