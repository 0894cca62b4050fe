/**
 * Every command and subcommand answers `--help` / `-h` with its usage on stdout (exit 0); every error is one
 * line on stderr with the documented exit code: 2 for a malformed command line (with a pointer to the command's
 * --help), 1 for a run that failed for a reason the user can fix, 70 for a bug. Runs the compiled CLI
 * (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, EXIT, isInternalError } from '../../cli/command-table';
import { reportJson } from '../../cli/report-json';

const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/ecomlab.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs every command line, at most 4 at a time. */
async function cliAll(lines: string[][]): Promise<Run[]> {
  const results: Run[] = new Array(lines.length);
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const index = next++;
      results[index] = await cli(lines[index]!);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return results;
}

const commands = Object.keys(COMMANDS);

test('the compiled CLI is built', () => {
  expect(fs.existsSync(CLI)).toBe(true);
});

test('--help and -h on every command print its usage on stdout, exit 0', async () => {
  const lines = commands.flatMap((command) => [
    [...command.split(' '), '--help'],
    [...command.split(' '), '-h'],
  ]);
  const runs = await cliAll(lines);
  const seen = runs.map((run, index) => ({
    command: lines[index]!.join(' '),
    status: run.status,
    stderr: run.stderr,
    usage: run.stdout.startsWith(`usage: ecomlab ${lines[index]!.slice(0, -1).join(' ')} `),
  }));
  expect(seen).toEqual(
    lines.map((line) => ({ command: line.join(' '), status: 0, stderr: '', usage: true })),
  );
});

test('ecomlab --help / help / -h, and a verb without its subject', async () => {
  const [help, word, short, bench, none, verbOnly, unknown, unknownSubject] = await cliAll([
    ['--help'],
    ['help'],
    ['-h'],
    ['bench', '--help'],
    [],
    ['analyze'],
    ['analyse', 'retail'],
    ['analyze', 'nothing'],
  ]);
  for (const run of [help, word, short]) {
    expect(run!.status).toBe(EXIT.ok);
    expect(run!.stdout).toMatch(/^usage: ecomlab <command> \[args\]/);
    for (const command of commands) expect(run!.stdout).toContain(`\n  ${command}\n`);
    expect(run!.stdout).toContain('exit codes: 0 ok, 1 failed');
  }
  expect(bench!.stdout).toBe(
    'usage: ecomlab bench <behavior|mysql|retail|query> [args]   (`ecomlab bench <subject> --help` for its options)\n',
  );
  expect([none, verbOnly, unknown, unknownSubject].map((run) => [run!.status, run!.stderr])).toEqual([
    [EXIT.usage, 'ecomlab: missing command (see: ecomlab --help)\n'],
    [EXIT.usage, 'ecomlab: missing what to analyze: behavior, retail (see: ecomlab analyze --help)\n'],
    [EXIT.usage, 'ecomlab: unknown command "analyse" (see: ecomlab --help)\n'],
    [
      EXIT.usage,
      'ecomlab: unknown command "analyze nothing" (expected analyze behavior, retail; see: ecomlab --help)\n',
    ],
  ]);
});

test('a malformed command line: one line, a pointer to the command --help, exit 2, in every command', async () => {
  const lines = commands.map((command) => [...command.split(' '), '--bogus']);
  const runs = await cliAll(lines);
  expect(runs.map((run) => [run.status, run.stderr, run.stdout])).toEqual(
    commands.map((command) => [
      EXIT.usage,
      `ecomlab: unknown option --bogus (see: ecomlab ${command} --help)\n`,
      '',
    ]),
  );
  const [missing, extra] = await cliAll([
    ['generate', 'behavior', '--rows', '5'],
    ['dashboard', 'extra'],
  ]);
  expect([missing!.status, missing!.stderr]).toEqual([
    EXIT.usage,
    'ecomlab: missing --out (see: ecomlab generate behavior --help)\n',
  ]);
  expect([extra!.status, extra!.stderr]).toEqual([
    EXIT.usage,
    'ecomlab: unexpected argument "extra" (see: ecomlab dashboard --help)\n',
  ]);
});

test('a run that fails for a user reason: one line naming the input, exit 1, no stack trace', async () => {
  const [missingFile, badValue, badEnv] = await cliAll([
    ['analyze', 'behavior', 'no/such/file.csv'],
    ['export', 'parquet', 'x.csv', '--out', 'o', '--rows-per-file', '0'],
    ['load', 'mysql', 'x.csv', '--url', 'mysql://root:pa%zz@127.0.0.1:1/db'],
  ]);
  expect([missingFile!.status, missingFile!.stderr]).toEqual([
    EXIT.failed,
    expect.stringMatching(/^ecomlab: no\/such\/file\.csv: [^\n]+\n$/),
  ]);
  expect([badValue!.status, badValue!.stderr]).toEqual([
    EXIT.failed,
    'ecomlab: invalid --rows-per-file: "0" (expected an integer from 1 to 16,777,216)\n',
  ]);
  expect(badEnv!.status).toBe(EXIT.failed);
  expect(badEnv!.stderr).toMatch(/^ecomlab: invalid mysql url: [^\n]+\n$/);
  expect(badEnv!.stderr).not.toContain('pa%zz');
});

test('internal errors are told apart; a report with a non-finite number is never printed as JSON', () => {
  expect(isInternalError(new TypeError('x'))).toBe(true);
  expect(isInternalError(new RangeError('Invalid string length'))).toBe(true);
  expect(isInternalError(new Error('internal: x'))).toBe(true);
  expect(isInternalError(new Error('x.csv: no such file'))).toBe(false);
  expect(reportJson({ a: [1, { b: 2 }] }, 0)).toBe('{"a":[1,{"b":2}]}\n');
  expect(() => reportJson({ a: [1, { b: NaN }] }, 0)).toThrow(
    'internal: the report holds NaN at $.a.1.b (JSON would print null; a report must not hold it)',
  );
  expect(() => reportJson({ x: Infinity }, 0)).toThrow(/Infinity at \$\.x/);
});
