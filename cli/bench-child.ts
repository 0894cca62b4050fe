/**
 * What the benchmark commands share: which engine to time (the compiled `dist/` when it is newer than every
 * `lib/` source, else the TypeScript sources through tsx), and one timed child process running a script of
 * bench/ that prints its own timing as the last line of stdout (`{ "seconds": ..., "maxRssBytes": ... }`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './root';

/** The newest modification time (ms) of the `.ts` files below `dir`. */
export function newestTsMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTsMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** `dist` when `dist/<compiled>` exists and is newer than every lib/ source, else `src`. */
export function freshEngine(compiled: string): 'dist' | 'src' {
  const file = path.join(ROOT, 'dist', compiled);
  if (!fs.existsSync(file)) return 'src';
  return fs.statSync(file).mtimeMs >= newestTsMtime(path.join(ROOT, 'lib')) ? 'dist' : 'src';
}

/** One timed child: wall seconds of the whole process, and the seconds and peak RSS it reported. */
export interface ChildTiming {
  /** Wall seconds of the whole child process (start-up included). */
  wallSeconds: number;
  /** Seconds of the measured call inside the child. */
  seconds: number;
  maxRssBytes: number;
}

/**
 * Runs `bench/<script> args` in a fresh Node process (through tsx) and reads its timing line.
 *
 * @throws Error `<label> failed (exit N): <last stderr line>`.
 */
export function runBenchChild(script: string, args: string[], label = script): Promise<ChildTiming> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', script), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) {
        reject(new Error(`${label} failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
        return;
      }
      const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
        seconds: number;
        maxRssBytes: number;
      };
      resolve({ wallSeconds, seconds: parsed.seconds, maxRssBytes: parsed.maxRssBytes });
    });
  });
}
