export * from './behavior-parser';
export * from './load-behavior';
export * from './atomic-output';
