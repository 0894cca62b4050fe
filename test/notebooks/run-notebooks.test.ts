/**
 * The main job's failure path, end to end through Jupyter and tslab: a notebook whose cell throws, and one with a
 * TypeScript compile error, make `run-notebooks` exit 1 naming the notebook, the cell and the error.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './execute-once';

jest.setTimeout(300_000);

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source, index) => ({ cell_type: 'code', id: `c${index}`, metadata: {}, source, outputs: [], execution_count: null })),
    metadata: { kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

test('a failing cell stops the run with exit code 1 and its error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-failing-'));
  try {
    fs.mkdirSync(path.join(dir, 'nb'));
    fs.writeFileSync(path.join(dir, 'nb', 'a-throws.ipynb'), notebook(['const answer: number = 6 * 7;', "throw new Error(`boom ${answer}`);"]));
    fs.writeFileSync(path.join(dir, 'nb', 'b-type-error.ipynb'), notebook(["const wrong: number = 'text';"]));
    const run = (only: string) =>
      spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'cli', 'ecomlab.ts'), 'run-notebooks', '--notebooks', path.join(dir, 'nb'), '--only', only, '--out', path.join(dir, 'out'), '--no-images', '--no-dashboard'], { encoding: 'utf8' });
    const thrown = run('a-');
    expect(thrown.status).toBe(1);
    expect(thrown.stderr).toContain('[1/1] a-throws.ipynb: executing');
    expect(thrown.stderr).toMatch(/a-throws: cell 2 failed: .*boom 42/);
    expect(fs.existsSync(path.join(dir, 'out', 'a-throws.ipynb'))).toBe(true);
    const typeError = run('b-');
    expect(typeError.status).toBe(1);
    expect(typeError.stderr).toMatch(/b-type-error: cell 1 failed: stderr: .*not assignable to type 'number'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a mistyped option of npm start, images or dashboard fails before any work instead of being ignored', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'cli', 'ecomlab.ts'), ...args], { encoding: 'utf8' });
  // Exit 2: a malformed command line; exit 1: a bad value (docs/reliability.md, "Exit codes").
  for (const [args, status, message] of [
    [['run-notebooks', '--no-image'], 2, 'ecomlab: unknown option --no-image (see: ecomlab run-notebooks --help)'],
    [['run-notebooks', '--timeout', 'soon'], 1, 'ecomlab: invalid --timeout: "soon" (expected an integer from 1 to 604,800)'],
    [['images', '--ouT', 'x'], 2, 'ecomlab: unknown option --ouT (see: ecomlab images --help)'],
    [['dashboard', '--retail'], 2, 'ecomlab: missing value after --retail (see: ecomlab dashboard --help)'],
  ] as const) {
    const result = cli(...args);
    expect(result.status).toBe(status);
    expect(result.stderr.trim()).toBe(message);
  }
  const badSeed = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'cli', 'ecomlab.ts'), 'dashboard'], {
    encoding: 'utf8',
    env: { ...process.env, ECOMLAB_SEED: 'x' },
  });
  expect(badSeed.status).toBe(1);
  expect(badSeed.stderr.trim()).toBe(
    'ecomlab: invalid ECOMLAB_SEED: "x" (expected an integer from -2^53-1 to 2^53-1)',
  );
  const help = cli('run-notebooks', '--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^usage: ecomlab run-notebooks \[--only NAME\].*\(npm start -- \.\.\.\)$/m);
});

test("notebooks run on this checkout's tslab whatever the global kernel registration says", () => {
  // A registration that points at a deleted clone, placed where it wins over user and system kernelspecs.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-foreign-kernel-'));
  try {
    fs.mkdirSync(path.join(dir, 'jupyter', 'kernels', 'tslab'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'jupyter', 'kernels', 'tslab', 'kernel.json'),
      JSON.stringify({ argv: [path.join(dir, 'deleted-clone', 'node_modules', '.bin', 'tslab'), 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' }),
    );
    fs.mkdirSync(path.join(dir, 'nb'));
    fs.writeFileSync(path.join(dir, 'nb', 'ok.ipynb'), notebook(['const answer: number = 6 * 7;', 'console.log(`answer ${answer}`);']));
    const env = { ...process.env, JUPYTER_PATH: path.join(dir, 'jupyter') };
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'cli', 'ecomlab.ts'), 'run-notebooks', '--notebooks', path.join(dir, 'nb'), '--out', path.join(dir, 'out'), '--no-images', '--no-dashboard'], { encoding: 'utf8', env });
    expect(result.stderr).toMatch(/\[1\/1\] ok\.ipynb: 2 cells, 0 charts/);
    expect(result.status).toBe(0);
    const executed = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'ok.ipynb'), 'utf8')) as { cells: Array<{ execution_count: number; outputs: Array<{ text?: string[] }> }> };
    expect(executed.cells.map((cell) => cell.execution_count)).toEqual([1, 2]);
    expect(executed.cells[1]!.outputs[0]!.text!.join('')).toBe('answer 42\n');
    // and the kernelspec Jupyter resolves for these runs is this checkout's
    const { jupyterEnv, tslabBinary } = require('../../cli/commands/jupyter-env') as typeof import('../../cli/commands/jupyter-env');
    const specs = spawnSync('jupyter', ['kernelspec', 'list', '--json'], { encoding: 'utf8', env: jupyterEnv(ROOT, env) });
    const resource = (JSON.parse(specs.stdout) as { kernelspecs: Record<string, { spec: { argv: string[] } }> }).kernelspecs.tslab!;
    expect(resource.spec.argv[0]).toBe(tslabBinary());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('npm start runs exactly the product notebooks, never a scratch notebook beside them', () => {
  const { notebooksToRun, productNotebooks } = require('../../cli/commands/run-notebooks') as typeof import('../../cli/commands/run-notebooks');
  expect(productNotebooks()).toEqual(['01-user-behavior', '02-customer-lifecycle']);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-scratch-'));
  try {
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'notebooks', 'product.json'), JSON.stringify(['01-user-behavior', '02-customer-lifecycle']));
    for (const name of ['01-user-behavior', '02-customer-lifecycle', '00-my-scratch', 'Untitled'])
      fs.writeFileSync(path.join(root, 'notebooks', `${name}.ipynb`), notebook([]));
    expect(notebooksToRun({}, root)).toEqual(['01-user-behavior.ipynb', '02-customer-lifecycle.ipynb']);
    expect(notebooksToRun({ only: '02' }, root)).toEqual(['02-customer-lifecycle.ipynb']);
    expect(notebooksToRun({ dir: path.join(root, 'notebooks') }, root)).toHaveLength(4);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('npm start computes each report once: a notebook hands its report over, images and dashboard reuse it', async () => {
  const { executeNotebook, takeReport } = require('../../cli/commands/run-notebooks') as typeof import('../../cli/commands/run-notebooks');
  const { completeReports } = require('../../cli/commands/images') as typeof import('../../cli/commands/images');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-handoff-'));
  try {
    fs.mkdirSync(path.join(dir, 'nb'));
    const input = path.join(dir, 'nb', 'r.ipynb');
    fs.writeFileSync(input, notebook(['const report = { pareto: 1, funnel: 2, hourly: [3], where: process.cwd() };', 'console.log("done");']));
    const handoff = path.join(dir, 'r.json');
    const run = await executeNotebook(input, path.join(dir, 'out'), { handoff, html: false, pngFallback: false });
    expect(run.errors).toEqual([]);
    // the report as the notebook computed it, from a kernel started in the notebook's folder
    expect(JSON.parse(fs.readFileSync(handoff, 'utf8'))).toEqual({ pareto: 1, funnel: 2, hourly: [3], where: path.join(dir, 'nb') });
    // the hand-over cell is not in the executed copy
    const executed = JSON.parse(fs.readFileSync(run.ipynb, 'utf8')) as { cells: Array<{ source: string | string[]; execution_count: number }> };
    expect(executed.cells).toHaveLength(2);
    expect(executed.cells.map((cell) => cell.execution_count)).toEqual([1, 2]);
    const reports: import('../../cli/commands/run-notebooks').Reports = {};
    expect(takeReport(handoff, reports)).toBe('behaviour');
    expect(takeReport(path.join(dir, 'missing.json'), reports)).toBeUndefined();
    // with both reports known nothing is computed again (the input files do not even exist)
    const known = { behavior: reports.behavior, retail: { cleaning: {}, shap: {}, customers: [] } as never };
    const lines: string[] = [];
    await completeReports(known, { images: true }, (line) => lines.push(line), { behavior: '/nonexistent.csv', retail: '/nonexistent.csv' });
    expect(lines).toEqual([]);
    await expect(completeReports({ behavior: reports.behavior }, { images: true }, () => undefined, { retail: path.join(dir, 'none.csv') })).rejects.toThrow(/none\.csv/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
