export * from './risk-policy';
export * from './entity-window';
export * from './entity-table';
export * from './accumulator';
export * from './risk-processor';
export * from './window-scores';
