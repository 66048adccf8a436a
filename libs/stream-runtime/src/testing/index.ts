export * from './harness';
export * from './ownership-scenario';
export * from './private-broker';
export * from './tcp-proxy';
export * from './test-stack';
export * from './topic-collector';
