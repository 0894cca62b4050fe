/** Synthetic data generators. */
export {
  behaviorChunks,
  generateBehaviorText,
  BEHAVIOR_GENERATOR_VERSION,
  BEHAVIOR_WINDOW_START,
  BEHAVIOR_WINDOW_END,
  BEHAVIOR_GENERATOR_MODEL,
  type BehaviorGeneratorModel,
  type BehaviorGeneratorOptions,
  type BehaviorGeneratorStats,
} from './behavior-generator';
export {
  generateBehavior,
  type GenerateBehaviorOptions,
  type GenerateBehaviorResult,
} from './write-behavior';
