/**
 * The project root (the folder holding ecomlab's package.json), found from this file's folder so that it is
 * the same whether the CLI runs from TypeScript source (`cli/`) or compiled (`dist/cli/`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ecomlab')
          return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '..');
    dir = parent;
  }
}

/** Absolute path of the project root. */
export const ROOT = findRoot(__dirname);
