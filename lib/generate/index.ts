/** Synthetic data generators. */
export {
  BEHAVIOR_GENERATOR_MODEL,
  BEHAVIOR_GENERATOR_VERSION,
  BEHAVIOR_WINDOW_END,
  BEHAVIOR_WINDOW_START,
  behaviorChunks,
  generateBehaviorText,
  type BehaviorGeneratorModel,
  type BehaviorGeneratorOptions,
  type BehaviorGeneratorStats,
} from './behavior-generator';
export {
  generateBehavior,
  type GenerateBehaviorOptions,
  type GenerateBehaviorResult,
} from './write-behavior';
