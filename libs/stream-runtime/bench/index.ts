export * from './bare-loop';
export * from './processor-vs-bare';
export * from './runner-throughput';
export * from './snapshot-timing';
export * from './checkpoint-store-timing';
