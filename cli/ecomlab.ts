#!/usr/bin/env node
/**
 * ecomlab command line: `ecomlab <verb> <subject> [args]`, e.g. `node dist/cli/ecomlab.js analyze behavior FILE
 * --json` (or `npm run analyze -- behavior FILE --json`, or `ecomlab ...` through the package's `bin`).
 * Each command lives in its own module under cli/commands/ (the table in cli/command-table.ts) and exports
 * `run(args: string[]): Promise<void>`. Every command prints its usage for `--help` / `-h` (exit 0). Errors are
 * one line on stderr, never a stack trace: exit 1 when the run failed for a reason the user can fix, exit 2 for
 * a malformed command line, exit 70 for a bug (EXIT in cli/command-table.ts; docs/reliability.md).
 *
 * One process does the work: the compiled JavaScript runs in the process the user (or npm) started, so killing
 * that PID stops the work. When npm launched it (`npm run load -- ...`), npm and its shell stand between the
 * user and this process; {@link watchLauncher} stops the work as soon as they are gone, so `kill -9` of the
 * npm PID also stops a load before it can replace the live table.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { ROOT } from './root';
import { UsageError, UsageRequest } from './args';
import { COMMANDS, EXIT, isInternalError, subjectsOf, topUsage, verbUsage } from './command-table';

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
    process.exit(EXIT.launcherGone);
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
    process.exit(EXIT.failed);
  }
}

/** The command being run (for the `--help` pointer of a usage error). */
let current = '';

function fail(code: number, message: string): never {
  process.stderr.write(`ecomlab: ${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  const [verb, subject, ...rest] = argv;
  if (verb === undefined) fail(EXIT.usage, `missing command (see: ecomlab --help)`);
  if (verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(`${topUsage()}\n`);
    return;
  }
  let key = `${verb} ${subject}`;
  let args = rest;
  if (!(key in COMMANDS)) {
    key = verb;
    args = subject === undefined ? rest : [subject, ...rest];
  }
  const moduleName = COMMANDS[key];
  if (moduleName === undefined) {
    const subjects = subjectsOf(verb);
    if (subjects.length === 0) fail(EXIT.usage, `unknown command "${verb}" (see: ecomlab --help)`);
    if (subject === '--help' || subject === '-h') {
      process.stdout.write(`${verbUsage(verb)}\n`);
      return;
    }
    fail(
      EXIT.usage,
      subject === undefined
        ? `missing what to ${verb}: ${subjects.join(', ')} (see: ecomlab ${verb} --help)`
        : `unknown command "${verb} ${subject}" (expected ${verb} ${subjects.join(', ')}; see: ecomlab --help)`,
    );
  }
  current = key;
  const file = path.join(__dirname, 'commands', `${moduleName}${path.extname(__filename)}`);
  if (!fs.existsSync(file)) fail(EXIT.failed, `command "${key}" is not available in this build`);
  const command = require(file) as { run(args: string[]): Promise<void> };
  await command.run(args);
}

assertFreshBuild();
watchLauncher();
main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageRequest) {
    process.stdout.write(`${error.usage}\n`);
    process.exit(EXIT.ok);
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  if (process.env.ECOMLAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  // One line naming the input or option and the problem; no stack trace (ECOMLAB_DEBUG=1 prints it).
  if (error instanceof UsageError) fail(EXIT.usage, `${message} (see: ecomlab ${current} --help)`);
  if (isInternalError(error))
    fail(
      EXIT.internal,
      `internal error: ${error instanceof Error ? `${error.name}: ` : ''}${message} ` +
        '(a bug in ecomlab: please report it with the command line; ECOMLAB_DEBUG=1 prints the stack)',
    );
  fail(EXIT.failed, message ?? '');
});
