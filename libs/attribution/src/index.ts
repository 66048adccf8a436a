export * from './settings';
export * from './observation-series';
export * from './mergers';
export * from './profiles';
export * from './correlator';
export * from './profile-snapshot';
export * from './attribution-processor';
