export * from './behavior-parser';
export * from './load-behavior';
export { resolveReaderOptions, type ReaderOptions, type ResolvedReaderOptions } from './reader-options';
