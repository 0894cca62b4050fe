/**
 * Static checks of the notebooks (no kernel): each .ipynb is the build of its source in notebooks/src, uses the
 * tslab kernel, imports the library as the package `ecomlab`, and no markdown cell states a number (figures
 * belong in cells that compute them; only definitional constants are allowed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildNotebook } from '../../notebooks/build';

const DIR = path.resolve(__dirname, '..', '..', 'notebooks');
const SOURCES = fs.readdirSync(path.join(DIR, 'src')).filter((file) => file.endsWith('.ts'));
/** Numbers that are definitions, not results. */
const DEFINITIONS = ['k80', '80%', '1 to 5', '5 = best'];

interface Cell {
  cell_type: string;
  source: string[];
  metadata: { tags?: string[] };
}

test('both notebooks have a source', () => {
  expect(SOURCES.sort()).toEqual(['01-user-behavior.ts', '02-customer-lifecycle.ts']);
});

describe.each(SOURCES)('%s', (file) => {
  const name = file.replace(/\.ts$/, '');
  const ipynb = fs.readFileSync(path.join(DIR, `${name}.ipynb`), 'utf8');
  const notebook = JSON.parse(ipynb) as { cells: Cell[]; metadata: { kernelspec: { name: string } } };

  test('the committed .ipynb is up to date (npx tsx notebooks/build.ts)', () => {
    expect(ipynb).toBe(buildNotebook(fs.readFileSync(path.join(DIR, 'src', file), 'utf8'), name));
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
