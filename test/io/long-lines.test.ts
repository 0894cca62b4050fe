/**
 * The documented line limit (1 MiB = MAX_LINE_BYTES, docs/behavior-engine.md and docs/reliability.md): a line of
 * exactly the limit is read (and rejected as fieldCount), a longer line fails the run naming file and line,
 * wherever it lies: inside one read block (it used to be kept as a fieldCount reject when it fitted in a 4 MiB
 * block), across blocks, in gzip, with 2 workers, and in the MySQL loader's reader.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import { InputFileError } from '../../lib/errors';
import { MAX_LINE_BYTES } from '../../lib/io/behavior-parser';
import { readBehaviorChunks } from '../../lib/io/load-behavior';

const HEAD = path.join(__dirname, '../../data/taobao/UserBehavior_head_4321rows.csv');
let dir: string;

function fileWithLine(name: string, length: number, gzip = false): string {
  const lines = fs.readFileSync(HEAD, 'latin1').split('\n');
  const text = `${lines.slice(0, 100).join('\n')}\n${'9'.repeat(length)}\n${lines.slice(100).join('\n')}`;
  const file = path.join(dir, name);
  fs.writeFileSync(file, gzip ? gzipSync(Buffer.from(text, 'latin1')) : Buffer.from(text, 'latin1'));
  return file;
}

async function readAll(file: string, blockBytes?: number) {
  const reader = readBehaviorChunks(file, blockBytes ? { blockBytes } : {});
  for await (const _ of reader) {
    // count only
  }
  return reader.stats();
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-long-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a line of exactly the limit is read and rejected as fieldCount', async () => {
  const file = fileWithLine('limit.csv', MAX_LINE_BYTES);
  for (const blockBytes of [undefined, 1 << 16]) {
    const stats = await readAll(file, blockBytes);
    expect(stats.rejectedByReason.fieldCount).toBe(1);
    expect(stats.rows).toBe(4320);
  }
});

test.each([
  ['2 MiB', 2 << 20],
  ['1 MiB + 1', MAX_LINE_BYTES + 1],
  ['5 MiB', 5 << 20],
  ['12 MiB', 12 << 20],
])('a line of %s fails the run naming the file and line 101, in every reading path', async (_, length) => {
  const plain = fileWithLine(`long-${length}.csv`, length);
  const message = `${plain}: line 101 is longer than ${MAX_LINE_BYTES} bytes: not a UserBehavior CSV`;
  for (const blockBytes of [undefined, 1 << 16, 3 << 20]) {
    const attempt = readAll(plain, blockBytes);
    await expect(attempt).rejects.toThrow(InputFileError);
    await expect(readAll(plain, blockBytes)).rejects.toThrow(message);
  }
  await expect(analyzeBehavior(plain)).rejects.toThrow(message);
  await expect(analyzeBehavior(plain, { workers: 2 })).rejects.toThrow(/is longer than 1048576 bytes/);
  const gz = fileWithLine(`long-${length}.csv.gz`, length, true);
  await expect(analyzeBehavior(gz)).rejects.toThrow(
    `${gz}: line 101 is longer than ${MAX_LINE_BYTES} bytes: not a UserBehavior CSV`,
  );
});
