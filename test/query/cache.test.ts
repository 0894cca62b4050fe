/**
 * The columnar cache: a second pass reads it and gives the identical report; an edited (same size, same mtime),
 * truncated, touched or differently-optioned file never reuses a stale cache; a broken part or a cancelled
 * write leaves nothing half-written behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior';
import { CACHE_VERSION, cacheDirectory, fileFingerprint } from '../../lib/query/cache';
import type { BehaviorWhere } from '../../lib/query/where';

const ROOT = path.join(__dirname, '..', '..');
const HEAD = path.join(ROOT, 'data', 'taobao', 'UserBehavior_head_4321rows.csv');
const DIRTY = path.join(ROOT, 'test', 'fixtures', 'behavior', 'dirty.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const strip = (report: object) => JSON.parse(JSON.stringify({ ...report, query: undefined })) as unknown;

async function twice(file: string, options: Parameters<typeof analyzeBehavior>[1] = {}) {
  const first = await analyzeBehavior(file, { cache: true, cacheDir: path.join(tmp, 'c'), ...options });
  const second = await analyzeBehavior(file, { cache: true, cacheDir: path.join(tmp, 'c'), ...options });
  return { first, second };
}

describe('columnar cache', () => {
  test('written on the first pass, read on the second, identical reports (dirty data included)', async () => {
    for (const source of [HEAD, DIRTY]) {
      const file = path.join(tmp, path.basename(source));
      fs.copyFileSync(source, file);
      const plain = await analyzeBehavior(file, { maxRejectSamples: 100 });
      const { first, second } = await twice(file, { maxRejectSamples: 100 });
      expect(first.query!.cache.mode).toBe('written');
      expect(second.query!.cache.mode).toBe('hit');
      expect(strip(first)).toEqual(strip(plain));
      expect(strip(second)).toEqual(strip(plain));
      // The size target is about logs of realistic size: the 15 KB dirty fixture is mostly distinct ids, whose
      // dictionaries (4 bytes per distinct user, item and category) then weigh as much as its rows.
      if (source === HEAD) expect(second.query!.cache.bytes).toBeLessThan(fs.statSync(file).size / 2);
    }
  });

  test('small blocks: every filter kind, 1 and 2 workers, equals the CSV pass (block skipping)', async () => {
    const lines = fs.readFileSync(HEAD, 'latin1').split('\n');
    const field = (line: number, column: number) => Number(lines[line]!.split(',')[column]);
    const wheres: Array<BehaviorWhere | undefined> = [
      undefined,
      { categories: [field(500, 2), field(3000, 2)] },
      { items: [field(10, 1), field(4000, 1)] },
      { users: [field(2000, 0)] },
      { hours: { from: 20, to: 23 }, behaviors: ['pv', 'buy'] },
      { dates: { from: '2017-12-01', to: '2017-12-02' } },
      { usersWho: { behaviors: ['cart'], dates: { from: '2017-12-01', to: '2017-12-02' } }, hours: [9, 21] },
    ];
    for (const source of [HEAD, DIRTY]) {
      const file = path.join(tmp, `blocks-${path.basename(source)}`);
      fs.copyFileSync(source, file);
      const cacheDir = path.join(tmp, 'blocks');
      const written = await analyzeBehavior(file, { cache: true, cacheDir, cacheBlockRows: 97, workers: 2 });
      expect(written.query!.cache.mode).toBe('written');
      for (const where of wheres)
        for (const workers of [1, 2]) {
          const options = { where, breakdown: true, workers };
          const plain = await analyzeBehavior(file, options);
          const cached = await analyzeBehavior(file, { ...options, cache: true, cacheDir });
          expect(cached.query!.cache.mode).toBe('hit');
          expect(strip(cached)).toEqual(strip(plain));
          expect(cached.query!.filteredOut).toBe(plain.query?.filteredOut ?? 0);
        }
    }
  });

  test('a cache of another format version is rebuilt, never misread', async () => {
    const file = path.join(tmp, 'version.csv');
    fs.copyFileSync(HEAD, file);
    const cacheDir = path.join(tmp, 'v');
    const { second } = await twice(file, { cacheDir });
    const metaFile = path.join(second.query!.cache.dir!, 'meta.json');
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { version: number };
    expect(meta.version).toBe(CACHE_VERSION);
    fs.writeFileSync(metaFile, JSON.stringify({ ...meta, version: 1 }));
    const rebuilt = await analyzeBehavior(file, { cache: true, cacheDir });
    expect(rebuilt.query!.cache).toMatchObject({ mode: 'written', miss: 'version' });
    expect(strip(rebuilt)).toEqual(strip(await analyzeBehavior(file)));
    expect((await analyzeBehavior(file, { cache: true, cacheDir })).query!.cache.mode).toBe('hit');
  });

  test('an edit that keeps size and mtime is caught by the content fingerprint', async () => {
    const file = path.join(tmp, 'edit.csv');
    fs.copyFileSync(HEAD, file);
    const fixed = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, fixed, fixed);
    const { second } = await twice(file);
    expect(second.query!.cache.mode).toBe('hit');
    const stat = fs.statSync(file);
    const text = fs.readFileSync(file, 'latin1');
    const at = text.indexOf(',pv,', 80000);
    fs.writeFileSync(file, `${text.slice(0, at)},by,${text.slice(at + 4)}`, 'latin1'); // same length
    fs.utimesSync(file, fixed, fixed);
    expect(fs.statSync(file).size).toBe(stat.size);
    expect(fs.statSync(file).mtimeMs).toBe(stat.mtimeMs);
    const after = await analyzeBehavior(file, { cache: true, cacheDir: path.join(tmp, 'c') });
    expect(after.query!.cache).toMatchObject({ mode: 'written', miss: 'fingerprint' });
    expect(after.overview.rejectedByReason.unknownBehavior).toBe(1);
    expect(after.overview.rows).toBe(second.overview.rows - 1);
  });

  test('a sampled fingerprint still sees edits in the first and last MiB of a large file', () => {
    const file = path.join(tmp, 'large.bin');
    const data = Buffer.alloc(8 << 20, 7);
    fs.writeFileSync(file, data);
    const base = fileFingerprint(file);
    for (const at of [10, data.length - 10]) {
      data[at] = 8;
      fs.writeFileSync(file, data);
      expect(fileFingerprint(file)).not.toBe(base);
      data[at] = 7;
    }
    fs.writeFileSync(file, data);
    expect(fileFingerprint(file)).toBe(base);
  });

  test('truncated, appended-to or touched files rebuild the cache', async () => {
    const file = path.join(tmp, 'change.csv');
    fs.copyFileSync(HEAD, file);
    await twice(file);
    const text = fs.readFileSync(file, 'latin1');
    fs.writeFileSync(file, text.slice(0, text.length - 1000), 'latin1');
    const truncated = await analyzeBehavior(file, { cache: true, cacheDir: path.join(tmp, 'c') });
    expect(truncated.query!.cache).toMatchObject({ mode: 'written', miss: 'size' });
    const plain = await analyzeBehavior(file);
    expect(strip(truncated)).toEqual(strip(plain));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const touched = await analyzeBehavior(file, { cache: true, cacheDir: path.join(tmp, 'c') });
    expect(touched.query!.cache).toMatchObject({ mode: 'written', miss: 'mtime' });
    const again = await analyzeBehavior(file, { cache: true, cacheDir: path.join(tmp, 'c') });
    expect(again.query!.cache.mode).toBe('hit');
  });

  test('different options (window, header mode, more reject samples) never reuse a cache', async () => {
    const file = path.join(tmp, 'options.csv');
    fs.copyFileSync(DIRTY, file);
    const cacheDir = path.join(tmp, 'c');
    await twice(file, { maxRejectSamples: 5 });
    const window = await analyzeBehavior(file, { cache: true, cacheDir, from: '2017-11-26' });
    expect(window.query!.cache).toMatchObject({ mode: 'written', miss: 'absent' });
    expect(strip(window)).toEqual(strip(await analyzeBehavior(file, { from: '2017-11-26' })));
    const header = await analyzeBehavior(file, { cache: true, cacheDir, header: false });
    expect(header.query!.cache.mode).toBe('written');
    const samples = await analyzeBehavior(file, { cache: true, cacheDir, maxRejectSamples: 50 });
    expect(samples.query!.cache).toMatchObject({ mode: 'written', miss: 'rejectSamples' });
    expect(samples.overview.rejectSamples.length).toBeGreaterThan(5);
    const fewer = await analyzeBehavior(file, { cache: true, cacheDir, maxRejectSamples: 3 });
    expect(fewer.query!.cache.mode).toBe('hit');
    expect(fewer.overview.rejectSamples).toEqual(samples.overview.rejectSamples.slice(0, 3));
  });

  test('a damaged part file is detected and rebuilt; a cancelled pass leaves no cache', async () => {
    const file = path.join(tmp, 'damaged.csv');
    fs.copyFileSync(HEAD, file);
    const cacheDir = path.join(tmp, 'd');
    await twice(file, { cacheDir });
    const dir = cacheDirectory(
      file,
      { from: '2017-11-25', to: '2017-12-03', utcOffset: '+08:00', header: 'auto' },
      cacheDir,
    );
    const part = path.join(dir, 'part-0.bin');
    fs.truncateSync(part, fs.statSync(part).size - 4);
    const rebuilt = await analyzeBehavior(file, { cache: true, cacheDir });
    expect(rebuilt.query!.cache).toMatchObject({ mode: 'written', miss: 'parts' });

    const other = path.join(tmp, 'cancelled.csv');
    fs.copyFileSync(HEAD, other);
    const controller = new AbortController();
    controller.abort();
    const cancelledDir = path.join(tmp, 'e');
    await expect(
      analyzeBehavior(other, { cache: true, cacheDir: cancelledDir, signal: controller.signal }),
    ).rejects.toThrow(/cancelled/);
    expect(fs.existsSync(cancelledDir) ? fs.readdirSync(cancelledDir) : []).toEqual([]);
  });
});
