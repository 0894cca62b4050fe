/**
 * `npm run notebook`: starts a notebook client on the project folder with THIS checkout's tslab kernel and prints
 * the URL to open. JupyterLab when it is installed (`jupyter lab`), else the classic Notebook server from Debian
 * (`jupyter notebook`, package `jupyter-notebook`, installed by scripts/setup.sh). The kernel comes from the
 * checkout's own Jupyter folder (jupyter-env.ts, first on `JUPYTER_PATH`), so a global `tslab` registered by another
 * clone is not used, and nothing global is changed. Charts load plotly.js from the server (the project's
 * node_modules, or the `ecomlab` nbextension that folder provides), never from a CDN.
 *
 * Options: `--port N` (default 8888, the next free one when taken), `--ip ADDRESS` (default 127.0.0.1),
 * `--classic` (the classic Notebook even when JupyterLab is installed), `--dir DIR` (default: the project folder;
 * it must not be hidden, which the server refuses). Stop it with Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../../lib/errors';
import { noPositional, parseFlags, rangedFlagOr } from '../args';
import { jupyterEnv, ROOT, tslabBinary } from './jupyter-env';

/** Which Jupyter client to start: `lab` when `jupyter lab` answers, else the classic `notebook`. */
export function notebookClient(
  jupyter = process.env.ECOMLAB_JUPYTER ?? 'jupyter',
  classic = false,
): 'lab' | 'notebook' {
  if (
    !classic &&
    spawnSync(jupyter, ['lab', '--version'], { stdio: 'ignore', env: jupyterEnv() }).status === 0
  )
    return 'lab';
  return 'notebook';
}

/** Command-line arguments of the Jupyter server (`jupyter <client> ...`). */
export function serverArgs(options: {
  client: 'lab' | 'notebook';
  dir: string;
  port: number;
  ip?: string;
  /** Access token; '' turns authentication off (tests on 127.0.0.1 only). Default: Jupyter's random token. */
  token?: string;
}): string[] {
  const app = options.client === 'lab' ? 'ServerApp' : 'NotebookApp';
  return [
    options.client,
    '--no-browser',
    `--${app}.ip=${options.ip ?? '127.0.0.1'}`,
    `--${app}.port=${options.port}`,
    `--${app}.${options.client === 'lab' ? 'root_dir' : 'notebook_dir'}=${options.dir}`,
    ...(options.token !== undefined ? [`--${app}.token=${options.token}`, `--${app}.password=`] : []),
    // Jupyter refuses to start as root without it (containers, CI)
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
}

const USAGE =
  'usage: ecomlab notebook [--port N] [--ip ADDRESS] [--classic] [--dir DIR] (npm run notebook -- ...)';

export async function run(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    values: ['--port', '--ip', '--dir'],
    booleans: ['--classic'],
    usage: USAGE,
  });
  noPositional(flags.positionals, USAGE);
  const port = rangedFlagOr(flags.values, '--port', 'port', 8888);
  const dir = path.resolve(flags.values.get('--dir') ?? ROOT);
  if (!fs.existsSync(dir)) throw new DataError(`--dir ${dir}: no such folder`);
  if (dir.split(path.sep).some((part) => part.startsWith('.')))
    throw new DataError(
      `--dir ${dir}: the Jupyter server refuses to serve hidden folders: use a folder without a leading dot`,
    );
  const jupyter = process.env.ECOMLAB_JUPYTER ?? 'jupyter';
  const client = notebookClient(jupyter, flags.booleans.has('--classic'));
  const env = jupyterEnv();
  process.stderr.write(
    `notebook: ${client === 'lab' ? 'JupyterLab' : 'classic Notebook'} on ${dir}, kernel tslab -> ${tslabBinary()} (this checkout)\n`,
  );
  const child = spawn(jupyter, serverArgs({ client, dir, port, ip: flags.values.get('--ip') }), {
    cwd: dir,
    env,
    stdio: ['inherit', 'inherit', 'pipe'],
  });
  let printed = false;
  let buffer = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    process.stderr.write(text);
    if (printed) return;
    buffer += text;
    const url = /(https?:\/\/(?:127\.0\.0\.1|localhost)[^\s]*)/.exec(buffer);
    if (url) {
      printed = true;
      process.stdout.write(
        `\nOpen ${url[1]} and pick notebooks/ (kernel: TypeScript). Ctrl-C stops the server.\n\n`,
      );
    }
  });
  child.on('error', (error) => {
    process.stderr.write(
      `ecomlab: cannot run ${jupyter}: ${error.message} (install Debian's jupyter-notebook: bash scripts/setup.sh)\n`,
    );
    process.exitCode = 1;
  });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise<void>((resolve) =>
    child.on('close', (code) => {
      if (code && code !== 130) process.exitCode = code;
      resolve();
    }),
  );
}
