export * from './prng';
export * from './event-shapes';
export * from './scenario';
export * from './observations';
