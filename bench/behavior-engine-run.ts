/**
 * Child process of `npm run bench -- behavior`: runs ecomlab's streaming engine once and reports its own
 * analysis time and peak RSS (getrusage maxRSS: the whole process, worker threads included).
 * Usage: node --import tsx bench/behavior-engine-run.ts FILE OUT.json WORKERS|auto dist|src
 */
import * as path from 'node:path';
import type { BehaviorReport } from '../lib/behavior/types';
import { runTimedChild } from './child-run';

type Analyze = (file: string, options: { workers?: number }) => Promise<BehaviorReport>;

const [file, out, workers = 'auto', engine = 'src'] = process.argv.slice(2);
runTimedChild(out ?? '', async () => {
  if (!file || !out) throw new Error('usage: behavior-engine-run.ts FILE OUT.json WORKERS|auto dist|src');
  const modulePath =
    engine === 'dist'
      ? path.join(__dirname, '..', 'dist', 'lib', 'behavior', 'analyze.js')
      : path.join(__dirname, '..', 'lib', 'behavior', 'analyze');
  const { analyzeBehavior } = require(modulePath) as { analyzeBehavior: Analyze };
  return analyzeBehavior(file, workers === 'auto' ? {} : { workers: Number(workers) });
});
