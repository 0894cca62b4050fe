/**
 * Builds notebooks/*.ipynb from the readable sources in notebooks/src/*.ts (percent format: a line
 * `// %%` starts a code cell, `// %% [markdown]` a markdown cell whose lines drop their leading `// `,
 * `// %% tags=["parameters"]` tags a code cell). Outputs are left empty; `npm start` executes the notebooks.
 *
 *   npx tsx notebooks/build.ts          # rewrite the .ipynb files (this also strips every output)
 *   npx tsx notebooks/build.ts --check  # exit 1 when an .ipynb's cells differ from its source
 *
 * The check compares cell types and sources only: outputs, execution counts and the metadata a client adds when
 * you save a notebook you ran are not a difference. The notebooks built are the product list in
 * notebooks/product.json (what `npm start` runs).
 *
 * Format the sources first (notebooks/ is in .prettierignore, and a narrower width reads better in a notebook):
 *   npx prettier --ignore-path /dev/null --print-width 100 --write notebooks/src/*.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../lib/io/atomic-output';
import { createHash } from 'node:crypto';

interface Cell {
  cell_type: 'code' | 'markdown';
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: null;
}

function toLines(text: string): string[] {
  const lines = text.split('\n');
  return lines
    .map((line, index) => (index < lines.length - 1 ? `${line}\n` : line))
    .filter((line) => line !== '');
}

export function parseSource(text: string, name: string): Cell[] {
  const cells: Cell[] = [];
  let current: { kind: 'code' | 'markdown'; tags: string[]; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1]!.trim() === '')
      current.lines.pop();
    const body = current.lines.join('\n');
    const id = createHash('sha1').update(`${name}:${cells.length}`).digest('hex').slice(0, 8);
    const metadata: Record<string, unknown> = current.tags.length ? { tags: current.tags } : {};
    cells.push(
      current.kind === 'markdown'
        ? { cell_type: 'markdown', id, metadata, source: toLines(body) }
        : {
            cell_type: 'code',
            id,
            metadata,
            source: toLines(body),
            outputs: [],
            execution_count: null,
          },
    );
  };
  for (const line of text.split('\n')) {
    const marker = /^\/\/ %%(.*)$/.exec(line);
    if (marker) {
      flush();
      const rest = marker[1]!.trim();
      const tags = /tags=(\[.*\])/.exec(rest);
      current = {
        kind: rest.startsWith('[markdown]') ? 'markdown' : 'code',
        tags: tags ? (JSON.parse(tags[1]!) as string[]) : [],
        lines: [],
      };
      continue;
    }
    if (!current) continue;
    current.lines.push(current.kind === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  }
  flush();
  return cells;
}

/** The cells of a notebook JSON text as `type: source` strings (what {@link sameCells} compares). */
export function cellSources(ipynb: string): string[] {
  const notebook = JSON.parse(ipynb) as { cells: Array<{ cell_type: string; source: string | string[] }> };
  return notebook.cells.map(
    (cell) => `${cell.cell_type}: ${Array.isArray(cell.source) ? cell.source.join('') : cell.source}`,
  );
}

/** Whether two notebook JSON texts have the same cells (types and sources; outputs and metadata ignored). */
export function sameCells(a: string, b: string): boolean {
  const left = cellSources(a);
  const right = cellSources(b);
  return left.length === right.length && left.every((cell, index) => cell === right[index]);
}

/** The product notebooks, in order (notebooks/product.json). */
export function productNotebooks(): string[] {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'product.json'), 'utf8')) as string[];
}

export function buildNotebook(text: string, name: string): string {
  const notebook = {
    cells: parseSource(text, name),
    metadata: {
      kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
      language_info: {
        codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
        file_extension: '.ts',
        mimetype: 'text/typescript',
        name: 'typescript',
        version: '5.0.4',
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

function main(): void {
  const check = process.argv.includes('--check');
  const dir = __dirname;
  let stale = 0;
  for (const name of productNotebooks()) {
    const file = `${name}.ts`;
    const target = path.join(dir, `${name}.ipynb`);
    const text = buildNotebook(fs.readFileSync(path.join(dir, 'src', file), 'utf8'), name);
    if (check) {
      if (!fs.existsSync(target) || !sameCells(fs.readFileSync(target, 'utf8'), text)) {
        process.stderr.write(`${target} is out of date: run npx tsx notebooks/build.ts\n`);
        stale++;
      }
    } else {
      writeFileAtomic(target, text);
      process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
    }
  }
  if (stale) process.exit(1);
}

if (require.main === module) main();
