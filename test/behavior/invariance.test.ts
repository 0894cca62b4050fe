// Invariants of the streaming engine: chunk size, worker count and merge order never change the report.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { InputFileError } from '../../lib/errors';
import { analyzeBehavior, summarizeBehavior } from '../../lib/behavior/analyze';
import { behaviorAccumulator } from '../../lib/behavior/accumulator';
import { resolveBehaviorWindow } from '../../lib/behavior/window';
import { readBehaviorChunks, splitBehaviorRanges } from '../../lib/io/load-behavior';
import type { BehaviorChunk } from '../../lib/io/behavior-parser';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-invariance-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const DIRTY = ['', '1,2,3,pv', 'x,2,3,pv,1511544070', '1,2,3,click,1511544070', '1,2,3,pv,99'];

/** Header + real tail cut + dirty lines + real head cut + dirty lines, CRLF in the second half. */
function buildMixedFile(): string {
  const tail = fs.readFileSync('data/taobao/UserBehavior_tail_10000rows.csv', 'utf8').trimEnd().split('\n');
  const head = fs.readFileSync('data/taobao/UserBehavior_head_4321rows.csv', 'utf8').trimEnd().split('\n');
  const firstHalf = [
    'user_id,item_id,category_id,behavior_type,timestamp',
    ...tail.slice(0, 3000),
    ...DIRTY,
    ...tail.slice(3000),
  ];
  const secondHalf = [...head.slice(0, 2000), ...DIRTY, ...head.slice(2000), ...tail.slice(0, 500)];
  const file = path.join(dir, 'mixed.csv');
  fs.writeFileSync(file, firstHalf.join('\n') + '\n' + secondHalf.join('\r\n'));
  return file;
}

describe('invariance', () => {
  const file = buildMixedFile();
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''));

  it('1 vs 2 vs 3 workers: identical reports, global reject line numbers, identical rejects files', async () => {
    const ranges = await splitBehaviorRanges(file, 2);
    expect(ranges).toHaveLength(2);
    const options = { maxRejectSamples: 100 };
    const one = await analyzeBehavior(file, {
      ...options,
      workers: 1,
      rejectsPath: path.join(dir, 'r1.tsv'),
    });
    const two = await analyzeBehavior(file, {
      ...options,
      workers: 2,
      rejectsPath: path.join(dir, 'r2.tsv'),
    });
    const three = await analyzeBehavior(file, {
      ...options,
      workers: 3,
      rejectsPath: path.join(dir, 'r3.tsv'),
    });
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(one.overview.headerLines).toBe(1);
    expect(one.overview.linesRead).toBe(lines.length);
    // reject samples lie in both ranges and every sample's text is the file's line at that number
    const boundaryLine = fs
      .readFileSync(file)
      .subarray(0, ranges[1]![0])
      .toString('latin1')
      .split('\n').length;
    const samples = one.overview.rejectSamples;
    expect(samples.some((s) => s.line < boundaryLine)).toBe(true);
    expect(samples.some((s) => s.line > boundaryLine)).toBe(true);
    for (const sample of samples) expect(sample.text).toBe(lines[sample.line - 1]);
    const r1 = fs.readFileSync(path.join(dir, 'r1.tsv'), 'utf8');
    expect(fs.readFileSync(path.join(dir, 'r2.tsv'), 'utf8')).toBe(r1);
    expect(fs.readFileSync(path.join(dir, 'r3.tsv'), 'utf8')).toBe(r1);
    expect(r1.trimEnd().split('\n')).toHaveLength(1 + one.overview.rejected);
    expect(fs.readdirSync(dir).filter((name) => name.includes('.part'))).toEqual([]);
  });

  it('chunk sizes 1, 7 and 65,536 give the identical report', async () => {
    const base = await analyzeBehavior(file, { chunkRows: 65536 });
    expect(await analyzeBehavior(file, { chunkRows: 7 })).toEqual(base);
    expect(await analyzeBehavior(file, { chunkRows: 1 })).toEqual(base);
  });

  it('merge(A, B) equals the state of A ∪ B, in either order', async () => {
    const window = resolveBehaviorWindow();
    const whole = behaviorAccumulator.init(window);
    const a = behaviorAccumulator.init(window);
    const b = behaviorAccumulator.init(window);
    let index = 0;
    const reader = readBehaviorChunks('data/taobao/UserBehavior_2017-11-26_0900-1055_96168rows.csv', {
      chunkRows: 5000,
    });
    for await (const chunk of reader as AsyncIterable<BehaviorChunk>) {
      behaviorAccumulator.add(whole, chunk);
      behaviorAccumulator.add(index++ % 3 === 0 ? a : b, chunk); // users overlap across A and B
    }
    const expected = behaviorAccumulator.value(whole, window.days);
    expect(expected.users).toBe(58732);
    const aCopy = structuredClone(a);
    const bCopy = structuredClone(b);
    expect(behaviorAccumulator.value(behaviorAccumulator.merge(a, b), window.days)).toEqual(expected);
    expect(behaviorAccumulator.value(behaviorAccumulator.merge(bCopy, aCopy), window.days)).toEqual(expected);
    const empty = behaviorAccumulator.init(window);
    expect(behaviorAccumulator.value(behaviorAccumulator.merge(empty, whole), window.days)).toEqual(expected);
  });

  it('a gzip file gives the same report (one worker, even when two are asked)', async () => {
    const gz = path.join(dir, 'mixed.csv.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file)));
    expect(await analyzeBehavior(gz, { workers: 2 })).toEqual(await analyzeBehavior(file, { workers: 1 }));
  });

  it('reports progress up to the file size (plain with 2 workers; gzip in compressed bytes)', async () => {
    const gz = path.join(dir, 'progress.csv.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file)));
    for (const [input, workers] of [
      [file, 2],
      [gz, 1],
    ] as const) {
      const seen: Array<{ bytesDone: number; bytesTotal: number; rows: number }> = [];
      const summary = await summarizeBehavior(input, { workers, onProgress: (p) => seen.push(p) });
      const size = fs.statSync(input).size;
      expect(seen.every((p) => p.bytesTotal === size)).toBe(true);
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
        expect(seen[i]!.rows).toBeGreaterThanOrEqual(seen[i - 1]!.rows);
      }
      expect(seen.at(-1)).toEqual({ bytesDone: size, bytesTotal: size, rows: summary.rows });
    }
  });
});

describe('analyzeBehavior errors', () => {
  it('checks options before touching the file', async () => {
    await expect(
      analyzeBehavior('missing.csv', { rfmThresholds: { recency: -1, frequency: 2 } }),
    ).rejects.toThrow(/invalid rfmThresholds.recency: -1/);
    await expect(analyzeBehavior('missing.csv', { workers: 0 })).rejects.toThrow(/invalid workers: 0/);
    await expect(analyzeBehavior('missing.csv', { from: '2017-11-31' })).rejects.toThrow(
      /invalid from: "2017-11-31"/,
    );
    await expect(analyzeBehavior('missing.csv')).rejects.toThrow(/^missing.csv: no such file$/);
    await expect(analyzeBehavior('./x.csv', { rejectsPath: 'x.csv' })).rejects.toThrow(
      /invalid rejectsPath: "x.csv" is the input file ".\/x.csv" \(same path\)/,
    );
  });

  it('passes a worker failure on as the same InputFileError', async () => {
    const error = await analyzeBehavior('data/online-retail/online_retail_2010-12.csv', { workers: 2 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as Error).message).toMatch(
      /^data\/online-retail\/online_retail_2010-12\.csv: not a UserBehavior file/,
    );
  });

  it('analyses an empty file as an empty report', async () => {
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const report = await analyzeBehavior(empty);
    expect(report.overview.linesRead).toBe(0);
    expect(report.overview.users).toBe(0);
    expect(report.pareto.k80).toBe(0);
    expect(report.retention.cohorts).toEqual([]);
    expect(report.daily).toHaveLength(9);
  });
});
