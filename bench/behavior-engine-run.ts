/**
 * Child process of `npm run bench -- behavior`: runs ecomlab's streaming engine once and reports its own
 * analysis time and peak RSS (getrusage maxRSS: the whole process, worker threads included).
 * Usage: node --import tsx bench/behavior-engine-run.ts FILE OUT.json WORKERS|auto dist|src
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BehaviorReport } from '../lib/behavior/types';

type Analyze = (file: string, options: { workers?: number }) => Promise<BehaviorReport>;

async function main(): Promise<void> {
  const [file, out, workers = 'auto', engine = 'src'] = process.argv.slice(2);
  if (!file || !out) throw new Error('usage: behavior-engine-run.ts FILE OUT.json WORKERS|auto dist|src');
  const modulePath =
    engine === 'dist'
      ? path.join(__dirname, '..', 'dist', 'lib', 'behavior', 'analyze.js')
      : path.join(__dirname, '..', 'lib', 'behavior', 'analyze');
  const { analyzeBehavior } = require(modulePath) as { analyzeBehavior: Analyze };
  const started = process.hrtime.bigint();
  const report = await analyzeBehavior(file, workers === 'auto' ? {} : { workers: Number(workers) });
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
