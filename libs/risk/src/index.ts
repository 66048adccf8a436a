export * from './risk-policy';
export * from './entity-window';
export * from './accumulator';
