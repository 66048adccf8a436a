/**
 * The contracts' pure vocabulary — ATT&CK tactics and severities, entity keys, deterministic
 * ids, durations, scores, bounded maps — without the message classes. Importing the package
 * root also loads every message class and its class-validator decorators (~150 ms at start);
 * the detection engine and the offline `riskline eval` need only this part.
 */
export * from './attack';
export * from './entity-key';
export * from './deterministic-id';
export * from './risk-score';
export * from './rule-id';
export * from './duration';
export * from './fifo-map';
export * from './seen-keys';
