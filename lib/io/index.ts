export * from './behavior-parser';
export * from './load-behavior';
export * from './atomic-output';
export { resolveReaderOptions, type ReaderOptions, type ResolvedReaderOptions } from './reader-options';
