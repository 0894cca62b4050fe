/**
 * The commands of `ecomlab <verb> [<subject>]`, each a module under cli/commands/ exporting
 * `run(args: string[]): Promise<void>`, and the exit codes every command shares (docs/reliability.md).
 */

/** Command line => module name under cli/commands/. */
export const COMMANDS: Readonly<Record<string, string>> = {
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

/** Exit codes of the command line. */
export const EXIT = {
  /** The command did its work. */
  ok: 0,
  /** The run failed for a reason the user can fix: bad input data, an option value out of range, a missing or
   * unwritable file, a database error. One line on stderr naming the input and the problem. */
  failed: 1,
  /** The command line is malformed: unknown command or option, missing or extra argument, missing value. One
   * line on stderr and a pointer to `--help`. */
  usage: 2,
  /** A bug in ecomlab (a TypeError or the like escaped): one line; `ECOMLAB_DEBUG=1` prints the stack. */
  internal: 70,
  /** Stopped because the launching npm process is gone (see `watchLauncher`). */
  launcherGone: 130,
} as const;

/** The verbs that take a subject (`analyze`, `bench`, ...) => their subjects. */
export function subjectsOf(verb: string): string[] {
  return Object.keys(COMMANDS)
    .filter((key) => key.startsWith(`${verb} `))
    .map((key) => key.slice(verb.length + 1));
}

/** `ecomlab --help`: the command list. */
export function topUsage(): string {
  return [
    'usage: ecomlab <command> [args]   (`ecomlab <command> --help` for its options)',
    'commands:',
    ...Object.keys(COMMANDS).map((command) => `  ${command}`),
    `exit codes: ${EXIT.ok} ok, ${EXIT.failed} failed (bad input, option value, file or database), ` +
      `${EXIT.usage} malformed command line, ${EXIT.internal} internal error`,
  ].join('\n');
}

/** `ecomlab bench --help`: the subjects of one verb. */
export function verbUsage(verb: string): string {
  return `usage: ecomlab ${verb} <${subjectsOf(verb).join('|')}> [args]   (\`ecomlab ${verb} <subject> --help\` for its options)`;
}

/** True for errors that reveal a bug rather than a user's mistake. */
export function isInternalError(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof EvalError ||
    error instanceof URIError ||
    (error instanceof Error && error.message.startsWith('internal: '))
  );
}
