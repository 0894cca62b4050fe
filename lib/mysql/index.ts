export { quoteIdentifier, validateIdentifier } from './identifiers';
export { parseMysqlUrl, redactUrl, type MySqlUrlParts } from './url';
export { DatabaseError, type MySqlTarget } from './connection';
export { behaviorIndexDdl, behaviorSchemaSql, behaviorTableDdl } from './schema';
export {
  analyzeBehaviorSql,
  behaviorSummarySql,
  readBehaviorLoadMeta,
  type AnalyzeBehaviorSqlOptions,
  type BehaviorLoadMeta,
} from './analyze-behavior-sql';
export { loadBehaviorIntoMySQL, type LoadBehaviorOptions, type LoadBehaviorResult } from './load-behavior';
export type { LoadProgress } from './load-transfer';
