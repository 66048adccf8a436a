export * from './bundled-tagger';
