/**
 * Static checks of the notebooks (no kernel): each .ipynb is the build of its source in notebooks/src, uses the
 * tslab kernel, imports the library as the package `ecomlab`, and no markdown cell states a number (figures
 * belong in cells that compute them; only definitional constants are allowed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildNotebook, cellSources, productNotebooks, sameCells } from '../../notebooks/build';

const DIR = path.resolve(__dirname, '..', '..', 'notebooks');
const SOURCES = fs.readdirSync(path.join(DIR, 'src')).filter((file) => file.endsWith('.ts'));
/** Numbers that are definitions, not results. */
const DEFINITIONS = ['k80', '80%', '1 to 5', '5 = best'];

interface Cell {
  cell_type: string;
  source: string[];
  metadata: { tags?: string[] };
}

test('both notebooks have a source, and the product list names exactly them', () => {
  expect(SOURCES.sort()).toEqual(['01-user-behavior.ts', '02-customer-lifecycle.ts']);
  expect(productNotebooks()).toEqual(['01-user-behavior', '02-customer-lifecycle']);
});

test('the freshness check compares cells only: outputs, counts and client metadata are no difference', () => {
  const built = buildNotebook('// %%\nconst a = 1;\n// %% [markdown]\n// # T\n', 'x');
  const saved = JSON.parse(built) as { cells: Array<Record<string, unknown>>; metadata: Record<string, unknown> };
  saved.cells[0]!.outputs = [{ output_type: 'display_data', data: { 'text/html': 'x'.repeat(5_000_000) }, metadata: {} }];
  saved.cells[0]!.execution_count = 3;
  saved.cells[0]!.metadata = { trusted: true };
  saved.metadata.kernelspec = { display_name: 'TypeScript (other)', language: 'typescript', name: 'tslab' };
  expect(sameCells(JSON.stringify(saved), built)).toBe(true);
  saved.cells[0]!.source = ['const a = 2;'];
  expect(sameCells(JSON.stringify(saved), built)).toBe(false);
  expect(cellSources(built)).toEqual(['code: const a = 1;', 'markdown: # T']);
});

test('.ipynb_checkpoints and output/ are ignored by git', () => {
  const ignore = fs.readFileSync(path.join(DIR, '..', '.gitignore'), 'utf8').split('\n');
  expect(ignore).toContain('.ipynb_checkpoints/');
  expect(ignore).toContain('output/');
});

describe.each(SOURCES)('%s', (file) => {
  const name = file.replace(/\.ts$/, '');
  const ipynb = fs.readFileSync(path.join(DIR, `${name}.ipynb`), 'utf8');
  const notebook = JSON.parse(ipynb) as { cells: Cell[]; metadata: { kernelspec: { name: string } } };

  test('the committed .ipynb has the cells of its source (npx tsx notebooks/build.ts)', () => {
    expect(cellSources(ipynb)).toEqual(
      cellSources(buildNotebook(fs.readFileSync(path.join(DIR, 'src', file), 'utf8'), name)),
    );
  });

  test('tslab kernel, parameters cell first, library imported by package name', () => {
    expect(notebook.metadata.kernelspec.name).toBe('tslab');
    const code = notebook.cells.filter((cell) => cell.cell_type === 'code');
    expect(code[0]!.metadata.tags).toEqual(['parameters']);
    const source = code.map((cell) => cell.source.join('')).join('\n');
    expect(source).toContain("from 'ecomlab'");
    expect(source).not.toMatch(/from '\.\.\//);
    expect(code[0]!.source.join('')).toMatch(/process\.env\.ECOMLAB_/);
  });

  test('no markdown cell states a number', () => {
    const offending = notebook.cells
      .filter((cell) => cell.cell_type === 'markdown')
      .map((cell) => DEFINITIONS.reduce((text, allowed) => text.split(allowed).join(''), cell.source.join('')))
      .filter((text) => /\d/.test(text.replace(/^#+ Insight \d:/gm, '')));
    expect(offending).toEqual([]);
  });
});
