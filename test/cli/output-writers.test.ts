/**
 * Audit: every file lib/ and cli/ write goes through lib/io/atomic-output.ts (temporary file in the target's
 * folder + rename), except the writes listed here, each into a private temporary file or folder that is itself
 * renamed into place or removed. A new direct write (writeFileSync, createWriteStream, appendFile, fs.promises
 * writeFile, openSync for writing) fails this test until it is made atomic or listed with its reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');

/** `file: count` of the direct writes allowed, with the reason. */
const ALLOWED: Record<string, [number, string]> = {
  'lib/io/atomic-output.ts': [2, 'the atomic writer itself: its unique temporary file'],
  'cli/input.ts': [1, 'the private copy of standard input / a pipe, in a mkdtemp folder removed afterwards'],
  'lib/query/cache-format.ts': [1, 'cache part files, inside the temporary cache folder renamed into place'],
  'lib/query/cache.ts': [1, "the cache's meta.json, inside the temporary cache folder renamed into place"],
  'lib/query/export-parquet.ts': [1, 'Parquet parts, inside the temporary export folder renamed into place'],
  'cli/commands/run-notebooks.ts': [
    1,
    "the kernel's hand-over cell: writes <handoff>.part in a mkdtemp folder, then renames it",
  ],
};

const WRITE =
  /\b(writeFileSync|writeFile|createWriteStream|appendFileSync|appendFile)\s*\(|\bopenSync\([^)]*'[wa]/g;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

test('lib/ and cli/ write files only through the atomic writer (or a listed private temporary)', () => {
  const found: Record<string, number> = {};
  for (const file of [...sources('lib'), ...sources('cli')]) {
    const count = (fs.readFileSync(path.join(ROOT, file), 'utf8').match(WRITE) ?? []).length;
    if (count > 0) found[file] = count;
  }
  expect(found).toEqual(Object.fromEntries(Object.entries(ALLOWED).map(([file, [count]]) => [file, count])));
});
