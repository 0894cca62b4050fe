export {
  assertBehaviorFormat,
  BehaviorLineParser,
  MAX_LINE_BYTES,
  type BehaviorChunk,
  type BehaviorLineParserOptions,
  type BehaviorReadStats,
  type HeaderMode,
  type RejectLineCallback,
} from './behavior-parser';
export {
  readBehaviorChunks,
  type BehaviorChunkReader,
  type ReadBehaviorChunksOptions,
} from './load-behavior';
export { pipeToFileAtomic, writeFileAtomic, type AtomicOutputOptions } from './atomic-output';
export { resolveReaderOptions, type ReaderOptions, type ResolvedReaderOptions } from './reader-options';
