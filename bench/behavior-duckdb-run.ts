/**
 * Child process of `npm run bench -- behavior`: computes the same report with the DuckDB reference
 * (scripts/reference/behavior-duckdb.ts) and reports its own time and peak RSS (getrusage maxRSS, which
 * includes DuckDB's native memory).
 * Usage: node --import tsx bench/behavior-duckdb-run.ts FILE OUT.json THREADS [MEMORY_LIMIT]
 */
import * as path from 'node:path';
import { duckdbBehaviorReport } from '../scripts/reference/behavior-duckdb';
import { runTimedChild } from './child-run';

const [file, out, threads = '2', memoryLimit] = process.argv.slice(2);
runTimedChild(out ?? '', async () => {
  if (!file || !out) throw new Error('usage: behavior-duckdb-run.ts FILE OUT.json THREADS [MEMORY_LIMIT]');
  const tempDirectory = path.join(path.dirname(file), 'duckdb-spill');
  return duckdbBehaviorReport(file, { threads: Number(threads), memoryLimit, tempDirectory });
});
