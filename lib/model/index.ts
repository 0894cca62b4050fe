export * from './shape';
export * from './standardize';
export * from './logistic';
export * from './classification-metrics';
