export * from './incident-queue';
export * from './verdict-log';
export * from './detection-store';
export * from './scorecard-trend';
export * from './attack-matrix';
