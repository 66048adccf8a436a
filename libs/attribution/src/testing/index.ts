export * from './attribution-worker';
