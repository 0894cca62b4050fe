/**
 * `npm start` writes each executed notebook and its HTML export atomically: nbconvert writes into a private
 * staging folder inside the output folder, the post-processing happens there, and each finished file is
 * renamed into place. A run that dies half way (here: a fake `jupyter` that writes half a notebook and fails)
 * leaves the previous outputs byte for byte and no staging folder; an output that is the input notebook (by
 * any route) is refused before anything runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebook } from '../../cli/commands/run-notebooks';

let dir: string;
let notebooks: string;
let out: string;
const NOTEBOOK = {
  cells: [{ cell_type: 'code', id: 'a', metadata: {}, source: '1 + 1', outputs: [], execution_count: null }],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
};

/**
 * A fake `jupyter`: `nbconvert --to notebook` writes the notebook with one output, `--to html` a page. With
 * FAKE_JUPYTER_FAIL=notebook|html it writes half the file and exits 1 (a crash mid-write).
 */
function fakeJupyter(): string {
  const file = path.join(dir, 'jupyter');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const to = args[args.indexOf('--to') + 1];
const outDir = args[args.indexOf('--output-dir') + 1];
const input = args[args.length - 1];
const fail = process.env.FAKE_JUPYTER_FAIL === to;
if (to === 'notebook') {
  const name = args[args.indexOf('--output') + 1];
  const nb = JSON.parse(input === '--stdin' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(input, 'utf8'));
  if (process.env.FAKE_JUPYTER_HANDOFF_ERROR === undefined) nb.cells = nb.cells.filter((c) => c.id !== 'ecomlab-handoff');
  else for (const c of nb.cells) if (c.id === 'ecomlab-handoff') c.outputs = [{ output_type: 'error', ename: 'Error', evalue: process.env.FAKE_JUPYTER_HANDOFF_ERROR, traceback: [] }];
  nb.cells[0].outputs = [{ output_type: 'execute_result', data: { 'text/plain': '2' }, metadata: {} }];
  const text = JSON.stringify(nb);
  fs.writeFileSync(path.join(outDir, name), fail ? text.slice(0, 40) : text);
} else {
  const page = '<html><body>executed</body></html>';
  fs.writeFileSync(path.join(outDir, path.basename(input, '.ipynb') + '.html'), fail ? page.slice(0, 10) : page);
}
process.exit(fail ? 1 : 0);
`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-nb-atomic-'));
  notebooks = path.join(dir, 'notebooks');
  out = path.join(dir, 'output');
  fs.mkdirSync(notebooks);
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(notebooks, 'nb.ipynb'), JSON.stringify(NOTEBOOK));
  fs.writeFileSync(path.join(out, 'nb.ipynb'), 'previous notebook\n');
  fs.writeFileSync(path.join(out, 'nb.html'), 'previous page\n');
});
afterEach(() => {
  delete process.env.FAKE_JUPYTER_FAIL;
  delete process.env.FAKE_JUPYTER_HANDOFF_ERROR;
  fs.rmSync(dir, { recursive: true, force: true });
});

const previous = () => [
  fs.readFileSync(path.join(out, 'nb.ipynb'), 'utf8'),
  fs.readFileSync(path.join(out, 'nb.html'), 'utf8'),
];

test.each(['notebook', 'html'])(
  'nbconvert dying mid-write (--to %s) leaves the previous outputs and no staging folder',
  async (stage) => {
    process.env.FAKE_JUPYTER_FAIL = stage;
    await expect(
      executeNotebook(path.join(notebooks, 'nb.ipynb'), out, { jupyter: fakeJupyter(), pngFallback: false }),
    ).rejects.toThrow(/nb: (nbconvert|HTML export) failed/);
    expect(previous()).toEqual(['previous notebook\n', 'previous page\n']);
    expect(fs.readdirSync(out).sort()).toEqual(['nb.html', 'nb.ipynb']);
  },
);

test('a complete run replaces both outputs and leaves nothing else', async () => {
  const run = await executeNotebook(path.join(notebooks, 'nb.ipynb'), out, {
    jupyter: fakeJupyter(),
    pngFallback: false,
    handoff: path.join(dir, 'handoff.json'),
  });
  expect(run.ipynb).toBe(path.join(out, 'nb.ipynb'));
  expect(run.html).toBe(path.join(out, 'nb.html'));
  expect(JSON.parse(fs.readFileSync(run.ipynb, 'utf8')).cells[0].execution_count).toBe(1);
  expect(fs.readFileSync(run.html!, 'utf8')).toBe('<html><body>executed</body></html>');
  expect(fs.readdirSync(out).sort()).toEqual(['nb.html', 'nb.ipynb']);
});

test('an output folder whose notebook is the input (same folder, or a link to it) is refused before running', async () => {
  const input = path.join(notebooks, 'nb.ipynb');
  const before = fs.readFileSync(input, 'utf8');
  await expect(executeNotebook(input, notebooks, { jupyter: fakeJupyter() })).rejects.toThrow(
    /is the input file/,
  );
  const linked = path.join(dir, 'linked');
  fs.symlinkSync(notebooks, linked);
  await expect(executeNotebook(input, linked, { jupyter: fakeJupyter() })).rejects.toThrow(
    /is the input file/,
  );
  expect(fs.readFileSync(input, 'utf8')).toBe(before);
  expect(fs.readdirSync(notebooks)).toEqual(['nb.ipynb']);
});

test('a report hand-over that failed (a NaN in the report) fails the run instead of being dropped silently', async () => {
  process.env.FAKE_JUPYTER_HANDOFF_ERROR = 'the report holds NaN at pv';
  await expect(
    executeNotebook(path.join(notebooks, 'nb.ipynb'), out, {
      jupyter: fakeJupyter(),
      pngFallback: false,
      handoff: path.join(dir, 'handoff.json'),
    }),
  ).rejects.toThrow('nb: handing the report over failed: Error: the report holds NaN at pv');
  expect(previous()).toEqual(['previous notebook\n', 'previous page\n']);
});
