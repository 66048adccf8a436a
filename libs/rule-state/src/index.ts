export * from './rule-states';
