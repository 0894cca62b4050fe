/**
 * This checkout's own Jupyter data folder, so `npm start`, `npm run notebook` and the tests run the notebooks on
 * THIS checkout's tslab whatever the global kernel registration says (another clone's `tslab install`, or a deleted
 * clone, cannot take them over):
 *
 *   node_modules/.cache/ecomlab-jupyter/kernels/tslab/kernel.json   -> <this checkout>/node_modules/.bin/tslab
 *   node_modules/.cache/ecomlab-jupyter/nbextensions/ecomlab/plotly.min.js -> the installed plotly.js-dist-min
 *
 * The folder is put first on `JUPYTER_PATH` for the Jupyter processes these commands start: a kernelspec named
 * `tslab` there wins over the user's and the system's, so the notebooks keep their standard kernel name (`tslab`,
 * what a plain `tslab install` registers) and nothing global is touched. It lives under node_modules/ (ignored by
 * git, recreated by every run after `npm ci`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../lib/io/atomic-output';
import { ROOT } from '../root';

export { ROOT };

/** The kernel name the notebooks use (and that `tslab install` registers). */
export const KERNEL_NAME = 'tslab';

/** The checkout's Jupyter data folder (created by {@link prepareJupyterPath}). */
export function jupyterDataDir(root = ROOT): string {
  return path.join(root, 'node_modules', '.cache', 'ecomlab-jupyter');
}

/** The tslab executable of this checkout. */
export function tslabBinary(root = ROOT): string {
  return path.join(root, 'node_modules', '.bin', 'tslab');
}

/**
 * Writes the checkout's kernelspec (and the plotly.js nbextension link) and returns the data folder. Idempotent.
 *
 * @throws Error when this checkout has no tslab (run `npm ci`).
 */
export function prepareJupyterPath(root = ROOT): string {
  const dir = jupyterDataDir(root);
  const binary = tslabBinary(root);
  if (!fs.existsSync(binary)) throw new Error(`${binary} not found: run npm ci in ${root}`);
  const kernelDir = path.join(dir, 'kernels', KERNEL_NAME);
  fs.mkdirSync(kernelDir, { recursive: true });
  const spec = `${JSON.stringify(
    {
      argv: [binary, 'kernel', '--config-path', '{connection_file}'],
      display_name: 'TypeScript',
      language: 'typescript',
      metadata: { ecomlab: { checkout: root } },
    },
    null,
    1,
  )}\n`;
  const specFile = path.join(kernelDir, 'kernel.json');
  if (!fs.existsSync(specFile) || fs.readFileSync(specFile, 'utf8') !== spec) writeFileAtomic(specFile, spec);
  const extension = path.join(dir, 'nbextensions', 'ecomlab');
  fs.mkdirSync(extension, { recursive: true });
  const plotly = path.join(extension, 'plotly.min.js');
  const source = path.join(root, 'node_modules', 'plotly.js-dist-min', 'plotly.min.js');
  if (fs.existsSync(source) && !fs.existsSync(plotly)) {
    fs.rmSync(plotly, { force: true });
    fs.symlinkSync(source, plotly);
  }
  return dir;
}

/** The environment for a Jupyter process that must use this checkout's kernel: `JUPYTER_PATH` with our folder first. */
export function jupyterEnv(root = ROOT, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = prepareJupyterPath(root);
  const rest = (base.JUPYTER_PATH ?? '').split(path.delimiter).filter((entry) => entry && entry !== dir);
  return {
    ...base,
    JUPYTER_PATH: [dir, ...rest].join(path.delimiter),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}
