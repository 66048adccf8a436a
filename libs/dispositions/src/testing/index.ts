export * from './fixtures';
export * from './verdict-store-worker';
