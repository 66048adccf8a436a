export * from './windowed-sum';
