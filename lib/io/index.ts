export * from './behavior-parser';
export * from './load-behavior';
