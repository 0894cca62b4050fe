/**
 * Outputs never clobber inputs and are never half files: identity by device + inode (symbolic and hard links to
 * the input are refused, naming both paths), temporary files unique per run renamed into place, a failed run
 * leaves the previous output untouched, two concurrent runs sharing an output path leave one run's output.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import { DataError } from '../../lib/errors';
import { generateBehaviorText } from '../../lib/generate';
import {
  AtomicFile,
  assertOutputNotInput,
  pipeToFileAtomic,
  sameFile,
  writeFileAtomic,
} from '../../lib/io/atomic-output';
import { readBehaviorChunks } from '../../lib/io/load-behavior';
import { Readable } from 'node:stream';

let dir: string;
let input: string;
let inputHash: string;

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const leftovers = () => fs.readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.includes('.part'));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-atomic-'));
  input = path.join(dir, 'input.csv');
  // 40k rows with 2% dirty lines: big enough for 2 workers to write rejects part files.
  fs.writeFileSync(input, generateBehaviorText({ rows: 40000, seed: 11, dirtyRate: 0.02 }));
  inputHash = sha(input);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

afterEach(() => {
  expect(sha(input)).toBe(inputHash);
  expect(leftovers()).toEqual([]);
});

describe('output identity (device + inode)', () => {
  test('a symbolic link to the input is refused, naming both paths; the input is unchanged', async () => {
    const link = path.join(dir, 'rejects-symlink.tsv');
    fs.symlinkSync(input, link);
    for (const workers of [1, 2]) {
      const attempt = analyzeBehavior(input, { rejectsPath: link, workers });
      await expect(attempt).rejects.toThrow(DataError);
      await expect(attempt).rejects.toThrow(
        `invalid rejectsPath: ${JSON.stringify(link)} is the input file ${JSON.stringify(input)}`,
      );
    }
    expect(() => readBehaviorChunks(input, { rejectsPath: link })).toThrow(/is the input file/);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test('a hard link to the input is refused too', async () => {
    const link = path.join(dir, 'rejects-hardlink.tsv');
    fs.linkSync(input, link);
    await expect(analyzeBehavior(input, { rejectsPath: link })).rejects.toThrow(
      /invalid rejectsPath: .*rejects-hardlink\.tsv" is the input file .*input\.csv" \(same file: device \d+, inode \d+\)/,
    );
    expect(() => writeFileAtomic(link, 'x', { inputs: [input], option: '--out' })).toThrow(
      /invalid --out: .* is the input file/,
    );
    fs.rmSync(link);
  });

  test('sameFile / assertOutputNotInput', () => {
    expect(sameFile(input, path.join(dir, '.', 'input.csv'))).toBe(true);
    expect(sameFile(input, path.join(dir, 'missing'))).toBe(false);
    expect(() => assertOutputNotInput(path.join(dir, 'new.tsv'), [input])).not.toThrow();
    expect(() => assertOutputNotInput(dir, [input], 'rejectsPath')).toThrow(/is a directory/);
  });
});

describe('atomic writes', () => {
  test('a failed run leaves the previous rejects file untouched and no temporary file', async () => {
    const rejects = path.join(dir, 'keep.tsv');
    fs.writeFileSync(rejects, 'previous run\n');
    const notBehavior = path.join(dir, 'not-behavior.csv');
    fs.writeFileSync(notBehavior, 'a,b\n'.repeat(2000));
    await expect(analyzeBehavior(notBehavior, { rejectsPath: rejects })).rejects.toThrow(
      /not a UserBehavior file/,
    );
    expect(fs.readFileSync(rejects, 'utf8')).toBe('previous run\n');
    fs.rmSync(notBehavior);
  });

  test('AtomicFile: nothing at the target until commit; abort keeps the old content', () => {
    const target = path.join(dir, 'a.json');
    const out = new AtomicFile(target);
    out.write('{"half":');
    expect(fs.existsSync(target)).toBe(false);
    out.abort();
    expect(fs.existsSync(target)).toBe(false);
    writeFileAtomic(target, '{"v":1}\n');
    const second = new AtomicFile(target);
    second.write('{"v":');
    expect(fs.readFileSync(target, 'utf8')).toBe('{"v":1}\n');
    second.abort();
    expect(fs.readFileSync(target, 'utf8')).toBe('{"v":1}\n');
    fs.rmSync(target);
  });

  test('pipeToFileAtomic removes its temporary file when the stream fails', async () => {
    const target = path.join(dir, 'piped.csv');
    const failing = Readable.from(
      (async function* () {
        yield 'a\n';
        throw new Error('source broke');
      })(),
    );
    await expect(pipeToFileAtomic(failing, target)).rejects.toThrow('source broke');
    expect(fs.existsSync(target)).toBe(false);
    await pipeToFileAtomic(Readable.from(['a\n', 'b\n']), target);
    expect(fs.readFileSync(target, 'utf8')).toBe('a\nb\n');
    fs.rmSync(target);
  });

  test('two concurrent runs sharing a rejects path: the final file is one complete run output', async () => {
    const single = path.join(dir, 'single.tsv');
    await analyzeBehavior(input, { rejectsPath: single, workers: 1 });
    const expected = fs.readFileSync(single, 'utf8');
    expect(expected.split('\n').length).toBeGreaterThan(500);
    const shared = path.join(dir, 'shared.tsv');
    const runs = await Promise.allSettled([
      analyzeBehavior(input, { rejectsPath: shared, workers: 2 }),
      analyzeBehavior(input, { rejectsPath: shared, workers: 2 }),
      analyzeBehavior(input, { rejectsPath: shared, workers: 1 }),
    ]);
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(fs.readFileSync(shared, 'utf8')).toBe(expected);
    fs.rmSync(single);
    fs.rmSync(shared);
  });
});
