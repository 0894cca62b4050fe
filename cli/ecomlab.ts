/**
 * ecomlab command line: `ecomlab <verb> <subject> [args]`, e.g. `npm run analyze -- behavior FILE --json`.
 * Each command lives in its own module under cli/commands/ and exports `run(args: string[]): Promise<void>`.
 * Errors a user can cause are printed as one line on stderr with exit code 1.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';

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
  images: 'images',
  dashboard: 'dashboard',
  'run-notebooks': 'run-notebooks',
};

function usage(): string {
  return `usage: ecomlab <command> [args]\ncommands:\n${Object.keys(COMMANDS)
    .map((c) => `  ${c}`)
    .join('\n')}`;
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
  const file = path.join(__dirname, 'commands', `${moduleName}.ts`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`ecomlab: command "${key}" is not available in this build\n`);
    process.exit(2);
  }
  const command = require(file) as { run(args: string[]): Promise<void> };
  await command.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ecomlab: ${message.split('\n')[0]}\n`);
  if (process.env.ECOMLAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
