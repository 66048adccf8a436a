export * from './windowed-sum';
export * from './keyed-crash-replay';
