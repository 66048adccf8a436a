export * from './settings';
export * from './dedup-key';
export * from './incident-index';
export * from './expansion';
export * from './verdict-tally';
export * from './auto-clip';
export * from './verdict-store';
export * from './verdict-batch';
