export * from './risk-worker';
