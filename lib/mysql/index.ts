export * from './identifiers';
export * from './url';
export { DatabaseError, databaseError, type MySqlTarget } from './connection';
export * from './schema';
export {
  analyzeBehaviorSql,
  behaviorSummarySql,
  readBehaviorLoadMeta,
  type AnalyzeBehaviorSqlOptions,
  type BehaviorLoadMeta,
} from './analyze-behavior-sql';
export {
  loadBehaviorIntoMySQL,
  type LoadBehaviorOptions,
  type LoadBehaviorResult,
  type LoadProgress,
} from './load-behavior';
