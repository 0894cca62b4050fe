/**
 * Child process of `npm run bench -- query`: answers one question once and reports its own time (module loading
 * excluded, for every engine) and peak RSS.
 * Usage: node --import tsx bench/query-run.ts ENGINE FILE OUT.json QUESTION.json [CACHE_DIR|DATABASE] [dist|src]
 *   ENGINE: ecomlab-csv | ecomlab-cache | duckdb-load | duckdb-db
 *   QUESTION.json: { "where": {...} } (the filter; {} for the full report)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BehaviorReport } from '../lib/behavior/types';
import type { BehaviorWhere } from '../lib/query/where';
import { duckdbPersistBehavior, duckdbReportFromDatabase } from '../scripts/reference/behavior-duckdb';
import { runTimedChild } from './child-run';

type Analyze = (
  file: string,
  options: { where?: BehaviorWhere; cache?: boolean; cacheDir?: string },
) => Promise<BehaviorReport>;

const [engine, file, out, questionFile, store, build = 'src'] = process.argv.slice(2);
const question = JSON.parse(fs.readFileSync(questionFile ?? '', 'utf8')) as { where?: BehaviorWhere };
// The engine's modules load before the clock starts, as DuckDB's (imported above) do: under this child's tsx
// hook, loading them takes 0.05-0.3 s, a cost of the harness that is no part of answering a question.
const modulePath =
  build === 'dist'
    ? path.join(__dirname, '..', 'dist', 'lib', 'behavior', 'analyze.js')
    : path.join(__dirname, '..', 'lib', 'behavior', 'analyze');
const { analyzeBehavior } = (engine?.startsWith('ecomlab') ? require(modulePath) : {}) as {
  analyzeBehavior: Analyze;
};
runTimedChild(out ?? '', async () => {
  if (!file || !out || !store)
    throw new Error('usage: query-run.ts ENGINE FILE OUT QUESTION STORE [dist|src]');
  if (engine === 'duckdb-load') {
    await duckdbPersistBehavior(file, store, {
      threads: 2,
      tempDirectory: path.join(path.dirname(store), 'spill'),
    });
    return { loaded: true };
  }
  if (engine === 'duckdb-db') return duckdbReportFromDatabase(store, { threads: 2, where: question.where });
  if (engine === 'ecomlab-csv') return analyzeBehavior(file, { where: question.where });
  if (engine === 'ecomlab-cache')
    return analyzeBehavior(file, { where: question.where, cache: true, cacheDir: store });
  throw new Error(`unknown engine ${engine}`);
});
