#!/usr/bin/env node
/**
 * ecomlab command line: `ecomlab <verb> <subject> [args]`, e.g. `node dist/cli/ecomlab.js analyze behavior FILE
 * --json` (or `npm run analyze -- behavior FILE --json`, or `ecomlab ...` through the package's `bin`).
 * Each command lives in its own module under cli/commands/ and exports `run(args: string[]): Promise<void>`.
 * Errors a user can cause are printed as one line on stderr with exit code 1.
 *
 * One process does the work: the compiled JavaScript runs in the process the user (or npm) started, so killing
 * that PID stops the work. When npm launched it (`npm run load -- ...`), npm and its shell stand between the
 * user and this process; {@link watchLauncher} stops the work as soon as they are gone, so `kill -9` of the
 * npm PID also stops a load before it can replace the live table.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { ROOT } from './root';
import { UsageRequest } from './args';

const COMMANDS: Record<string, string> = {
  'analyze behavior': 'analyze-behavior',
  'analyze retail': 'analyze-retail',
  'generate behavior': 'generate-behavior',
  'generate retail': 'generate-retail',
  'load mysql': 'load-mysql',
  'bench behavior': 'bench-behavior',
  'bench mysql': 'bench-mysql',
  'bench retail': 'bench-retail',
  'bench query': 'bench-query',
  'export parquet': 'export-parquet',
  images: 'images',
  dashboard: 'dashboard',
  'run-notebooks': 'run-notebooks',
  notebook: 'notebook',
};

function usage(): string {
  return `usage: ecomlab <command> [args]\ncommands:\n${Object.keys(COMMANDS)
    .map((c) => `  ${c}`)
    .join('\n')}`;
}

/** `/proc/<pid>/stat` fields: state and parent pid (Linux); undefined when the process is gone. */
function procStat(pid: number): { state: string; ppid: number; comm: string } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const close = text.lastIndexOf(')');
    const [state, ppid] = text.slice(close + 2).split(' ');
    return { state: state ?? '', ppid: Number(ppid), comm: text.slice(text.indexOf('(') + 1, close) };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  const stat = procStat(pid);
  if (stat !== undefined) return stat.state !== 'Z' && stat.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When npm started this process, watches the launcher chain (the shell npm runs scripts with, and npm itself)
 * and exits as soon as one of them is gone: the user's handle on the run is npm's PID, and a `kill -9` of it
 * must stop the work, not orphan it. Checked every 200 ms; the timer does not keep the process alive.
 * Outside npm (a shell, nohup, a service manager) the process is the user's handle itself and nothing is watched.
 */
function watchLauncher(): void {
  if (process.env.npm_lifecycle_event === undefined || process.env.ECOMLAB_NO_LAUNCHER_WATCH === '1') return;
  const launcher: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    launcher.push(pid);
    const stat = procStat(pid);
    if (stat === undefined) break;
    if (/^(npm|node|npm-cli)/.test(stat.comm)) break; // npm itself (its comm is "npm ..." or "node")
    pid = stat.ppid;
  }
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? parent : launcher.find((p) => !alive(p));
    if (gone === undefined) return;
    process.stderr.write(`ecomlab: stopped: the launching process (pid ${gone}) is gone\n`);
    process.exit(130);
  }, 200);
  timer.unref();
}

/**
 * Refuses to run compiled code older than its TypeScript sources (a stale `dist/` would run other code than
 * the one in the tree). Only checked when running from `dist/` inside a source checkout.
 */
function assertFreshBuild(): void {
  if (path.extname(__filename) !== '.js' || process.env.ECOMLAB_ALLOW_STALE_BUILD === '1') return;
  const built = fs.statSync(__filename).mtimeMs;
  let newest: { file: string; mtime: number } | undefined;
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const mtime = fs.statSync(full).mtimeMs;
        if (newest === undefined || mtime > newest.mtime) newest = { file: full, mtime };
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  walk(path.join(ROOT, 'cli'));
  if (newest !== undefined && newest.mtime > built) {
    process.stderr.write(
      `ecomlab: the compiled CLI (${path.relative(process.cwd(), __filename)}) is older than ` +
        `${path.relative(process.cwd(), newest.file)}: run \`npm run build\` first\n`,
    );
    process.exit(2);
  }
}

async function main(argv: string[]): Promise<void> {
  const [verb, subject, ...rest] = argv;
  let key = `${verb} ${subject}`;
  let args = rest;
  if (!(key in COMMANDS)) {
    key = verb ?? '';
    args = subject === undefined ? rest : [subject, ...rest];
  }
  const moduleName = COMMANDS[key];
  if (moduleName === undefined) {
    process.stderr.write(`ecomlab: unknown command "${argv.join(' ')}"\n${usage()}\n`);
    process.exit(2);
  }
  const file = path.join(__dirname, 'commands', `${moduleName}${path.extname(__filename)}`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`ecomlab: command "${key}" is not available in this build\n`);
    process.exit(2);
  }
  const command = require(file) as { run(args: string[]): Promise<void> };
  await command.run(args);
}

assertFreshBuild();
watchLauncher();
main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageRequest) {
    process.stdout.write(`${error.usage}\n`);
    process.exit(0);
  }
  const message = error instanceof Error ? error.message : String(error);
  // One line naming the input or option and the problem (`--help` prints the command's usage).
  process.stderr.write(`ecomlab: ${message.split('\n')[0]}\n`);
  if (process.env.ECOMLAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
