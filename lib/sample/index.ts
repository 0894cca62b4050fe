export { createRng, randomUniform, shuffle, toRng, type Rng, type RngOrSeed } from './rng';
export { stratifiedSplit, take, type SplitIndices, type StratifiedSplitOptions } from './split';
export {
  kNearestNeighbors,
  kNearestNeighborsBrute,
  smote,
  type SmoteOptions,
  type SmoteResult,
} from './smote';
