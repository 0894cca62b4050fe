export * from './rng';
export * from './split';
export * from './smote';
