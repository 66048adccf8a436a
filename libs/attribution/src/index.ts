export * from './settings';
export * from './observation-series';
export * from './mergers';
export * from './profiles';
