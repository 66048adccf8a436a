export * from './bundled-tagger';
export * from './correlator-worker';
