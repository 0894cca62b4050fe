/**
 * Child process of `npm run bench -- behavior`: computes the same report with the DuckDB reference
 * (scripts/reference/behavior-duckdb.ts) and reports its own time and peak RSS (getrusage maxRSS, which
 * includes DuckDB's native memory).
 * Usage: node --import tsx bench/behavior-duckdb-run.ts FILE OUT.json THREADS [MEMORY_LIMIT]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { duckdbBehaviorReport } from '../scripts/reference/behavior-duckdb';

async function main(): Promise<void> {
  const [file, out, threads = '2', memoryLimit] = process.argv.slice(2);
  if (!file || !out) throw new Error('usage: behavior-duckdb-run.ts FILE OUT.json THREADS [MEMORY_LIMIT]');
  const started = process.hrtime.bigint();
  const tempDirectory = path.join(path.dirname(file), 'duckdb-spill');
  const report = await duckdbBehaviorReport(file, { threads: Number(threads), memoryLimit, tempDirectory });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.writeFileSync(out, JSON.stringify(report));
  process.stdout.write(
    `${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
