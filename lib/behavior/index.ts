export * from './types';
export * from './window';
export * from './assemble';
export * from './accumulator';
export * from './analyze-range';
export * from './analyze';
export { weekdayOfDate } from './engagement';
