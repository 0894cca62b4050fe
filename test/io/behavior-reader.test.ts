import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { InputFileError } from '../../lib/errors';
import {
  readBehaviorChunks,
  splitBehaviorRanges,
  type ReadBehaviorChunksOptions,
} from '../../lib/io/load-behavior';
import type { BehaviorChunk, BehaviorReadStats } from '../../lib/io/behavior-parser';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

interface Rows {
  userId: number[];
  itemId: number[];
  categoryId: number[];
  behavior: number[];
  timestamp: number[];
}

async function readAll(
  file: string,
  options: ReadBehaviorChunksOptions = {},
): Promise<{ rows: Rows; stats: BehaviorReadStats; lengths: number[] }> {
  const reader = readBehaviorChunks(file, options);
  const rows: Rows = { userId: [], itemId: [], categoryId: [], behavior: [], timestamp: [] };
  const lengths: number[] = [];
  for await (const chunk of reader as AsyncIterable<BehaviorChunk>) {
    lengths.push(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      rows.userId.push(chunk.userId[i]!);
      rows.itemId.push(chunk.itemId[i]!);
      rows.categoryId.push(chunk.categoryId[i]!);
      rows.behavior.push(chunk.behavior[i]!);
      rows.timestamp.push(chunk.timestamp[i]!);
    }
  }
  return { rows, stats: reader.stats(), lengths };
}

// Window 2017-11-25..2017-12-03 at +08:00 = [1511539200, 1512316800).
const DIRTY_LINES = [
  '1,10,100,pv,1511539200', // 1 kept (first second of the window)
  '', // 2 blank
  '1,10,100,pv', // 3 fieldCount
  'x,10,100,pv,1511539200', // 4 badInteger (user)
  '1,10,100,click,1511539200', // 5 unknownBehavior
  '1,10,100,buy,1512316800', // 6 outOfWindow (end is exclusive)
  '1,10,100,pv,abc', // 7 badInteger (timestamp)
  '4294967296,1,1,pv,1511539200', // 8 badInteger (above uint32)
  '2,20,200,fav,-5', // 9 outOfWindow (a negative timestamp is an integer)
  ' \t', // 10 blank
  '4294967295,0,0,buy,1512316799', // 11 kept (largest id, last second)
  '1,2,3,pv,1511539200,9', // 12 fieldCount
  '3,30,300,cart,1511600000', // 13 kept, final line without newline
];
const DIRTY_STATS = {
  linesRead: 13,
  headerLines: 0,
  rows: 3,
  rejectedByReason: { blank: 2, fieldCount: 2, badInteger: 3, unknownBehavior: 1, outOfWindow: 2 },
  rejectSamples: [
    { line: 2, reason: 'blank', text: '' },
    { line: 3, reason: 'fieldCount', text: '1,10,100,pv' },
    { line: 4, reason: 'badInteger', text: 'x,10,100,pv,1511539200' },
    { line: 5, reason: 'unknownBehavior', text: '1,10,100,click,1511539200' },
    { line: 6, reason: 'outOfWindow', text: '1,10,100,buy,1512316800' },
    { line: 7, reason: 'badInteger', text: '1,10,100,pv,abc' },
    { line: 8, reason: 'badInteger', text: '4294967296,1,1,pv,1511539200' },
    { line: 9, reason: 'outOfWindow', text: '2,20,200,fav,-5' },
    { line: 10, reason: 'blank', text: ' \t' },
    { line: 12, reason: 'fieldCount', text: '1,2,3,pv,1511539200,9' },
  ],
};
const DIRTY_ROWS: Rows = {
  userId: [1, 4294967295, 3],
  itemId: [10, 0, 30],
  categoryId: [100, 0, 300],
  behavior: [0, 3, 2],
  timestamp: [1511539200, 1512316799, 1511600000],
};

describe('readBehaviorChunks: reject rules', () => {
  it('rejects every reason with its line number and text, and keeps the final line without newline', async () => {
    const file = write('dirty.csv', DIRTY_LINES.join('\n'));
    const { rows, stats } = await readAll(file);
    expect(stats).toEqual(DIRTY_STATS);
    expect(rows).toEqual(DIRTY_ROWS);
    expect(stats.linesRead).toBe(
      stats.headerLines + stats.rows + Object.values(stats.rejectedByReason).reduce((a, b) => a + b),
    );
  });

  it('reads CRLF files identically (texts without the CR)', async () => {
    const file = write('dirty-crlf.csv', DIRTY_LINES.join('\r\n') + '\r\n');
    const { rows, stats } = await readAll(file);
    expect(stats).toEqual(DIRTY_STATS);
    expect(rows).toEqual(DIRTY_ROWS);
  });

  it('skips a header line (auto), counting it as line 1', async () => {
    const file = write(
      'header.csv',
      ['user_id,item_id,category_id,behavior_type,timestamp', ...DIRTY_LINES].join('\n'),
    );
    const { rows, stats } = await readAll(file);
    expect(stats.headerLines).toBe(1);
    expect(stats.linesRead).toBe(14);
    expect(stats.rejectSamples[0]).toEqual({ line: 3, reason: 'blank', text: '' });
    expect(rows).toEqual(DIRTY_ROWS);
    const forced = await readAll(file, { header: false });
    expect(forced.stats.headerLines).toBe(0);
    expect(forced.stats.rejectSamples[0]).toEqual({
      line: 1,
      reason: 'badInteger',
      text: 'user_id,item_id,category_id,behavior_type,timestamp',
    });
    const noHeader = await readAll(write('no-header.csv', DIRTY_LINES.join('\n')), { header: true });
    expect(noHeader.stats.headerLines).toBe(1);
    expect(noHeader.rows.userId).toEqual([4294967295, 3]);
  });

  it('reads gzip by magic bytes, with or without the .gz name', async () => {
    const gz = zlib.gzipSync(Buffer.from(DIRTY_LINES.join('\n')));
    for (const name of ['dirty.csv.gz', 'dirty-gzip-without-suffix.csv']) {
      const { rows, stats } = await readAll(write(name, gz));
      expect(stats).toEqual(DIRTY_STATS);
      expect(rows).toEqual(DIRTY_ROWS);
    }
  });

  it('gives the same rows for chunk sizes 1, 7 and 65,536', async () => {
    const file = 'data/taobao/UserBehavior_head_4321rows.csv';
    const whole = await readAll(file, { chunkRows: 65536 });
    expect(whole.stats.rows).toBe(4320);
    for (const chunkRows of [1, 7]) {
      const chunked = await readAll(file, { chunkRows });
      expect(chunked.rows).toEqual(whole.rows);
      expect(chunked.stats).toEqual(whole.stats);
      expect(chunked.lengths.slice(0, -1).every((n) => n === chunkRows)).toBe(true);
    }
  });

  it('gives the same rows and stats whatever the read block size (lines cut by block boundaries)', async () => {
    const text = ['user_id,item_id,category_id,behavior_type,timestamp', ...DIRTY_LINES].join('\r\n');
    const plain = write('blocks.csv', '\ufeff' + text);
    const gz = write('blocks.csv.gz', zlib.gzipSync(Buffer.from(text)));
    const base = await readAll(plain);
    expect(base.stats.headerLines).toBe(1);
    expect(base.rows).toEqual(DIRTY_ROWS);
    for (const blockBytes of [1, 2, 3, 7, 64, 100]) {
      const small = await readAll(plain, { blockBytes });
      expect(small.stats).toEqual(base.stats);
      expect(small.rows).toEqual(base.rows);
      expect((await readAll(gz, { blockBytes })).stats).toEqual(base.stats);
    }
    const bomNoHeader = write('bom.csv', '\ufeff' + DIRTY_LINES.join('\n'));
    for (const blockBytes of [1, 2, 3, 4096]) {
      const bom = await readAll(bomNoHeader, { blockBytes });
      expect(bom.stats).toEqual(DIRTY_STATS);
      expect(bom.rows).toEqual(DIRTY_ROWS);
    }
    const head = 'data/taobao/UserBehavior_head_4321rows.csv';
    const whole = await readAll(head);
    const blocky = await readAll(head, { blockBytes: 4093 });
    expect(blocky.rows).toEqual(whole.rows);
    expect(blocky.stats).toEqual(whole.stats);
  });

  it('stops cleanly when the consumer breaks out early', async () => {
    let chunks = 0;
    for await (const chunk of readBehaviorChunks('data/taobao/UserBehavior_tail_10000rows.csv', {
      chunkRows: 10,
      blockBytes: 1000,
    })) {
      expect(chunk.length).toBe(10);
      if (++chunks === 3) break;
    }
    expect(chunks).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a stray rejected read would fail the test run
  });

  it('writes every rejected line to the rejects file', async () => {
    const file = write('dirty-rejects.csv', DIRTY_LINES.join('\r\n'));
    const rejects = path.join(dir, 'rejects.tsv');
    await readAll(file, { rejectsPath: rejects, maxRejectSamples: 0 });
    expect(fs.readFileSync(rejects, 'utf8')).toBe(
      [
        'line\treason\ttext',
        '2\tblank\t',
        '3\tfieldCount\t1,10,100,pv',
        '4\tbadInteger\tx,10,100,pv,1511539200',
        '5\tunknownBehavior\t1,10,100,click,1511539200',
        '6\toutOfWindow\t1,10,100,buy,1512316800',
        '7\tbadInteger\t1,10,100,pv,abc',
        '8\tbadInteger\t4294967296,1,1,pv,1511539200',
        '9\toutOfWindow\t2,20,200,fav,-5',
        '10\tblank\t \t',
        '12\tfieldCount\t1,2,3,pv,1511539200,9',
        '',
      ].join('\n'),
    );
  });

  it('cuts sample texts to 200 characters and honours maxRejectSamples', async () => {
    const long = `1,2,3,pv,${'9'.repeat(300)}`;
    const file = write('long.csv', ['1,10,100,pv,1511539200', long, long, long].join('\n'));
    const { stats } = await readAll(file, { maxRejectSamples: 2 });
    expect(stats.rejectedByReason.badInteger).toBe(3);
    expect(stats.rejectSamples).toHaveLength(2);
    expect(stats.rejectSamples[0]?.text).toBe(long.slice(0, 200));
  });

  it('applies a custom window and UTC offset', async () => {
    const file = write('window.csv', ['1,1,1,pv,1511568000', '1,1,1,pv,1511567999'].join('\n'));
    // 2017-11-25 00:00 UTC = 1511568000
    const { stats } = await readAll(file, { from: '2017-11-25', to: '2017-11-25', utcOffset: '+00:00' });
    expect(stats.rows).toBe(1);
    expect(stats.rejectSamples).toEqual([{ line: 2, reason: 'outOfWindow', text: '1,1,1,pv,1511567999' }]);
  });
});

describe('readBehaviorChunks: wrong or broken input', () => {
  async function failure(file: string, options: ReadBehaviorChunksOptions = {}): Promise<Error> {
    try {
      await readAll(file, options);
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a failure');
  }

  it('reads an empty file as zero lines', async () => {
    const { stats } = await readAll(write('empty.csv', ''));
    expect(stats.linesRead).toBe(0);
    expect(stats.rows).toBe(0);
  });

  it('names a missing file and a directory', async () => {
    const missing = await failure(path.join(dir, 'nope.csv'));
    expect(missing).toBeInstanceOf(InputFileError);
    expect(missing.message).toBe(`${path.join(dir, 'nope.csv')}: no such file`);
    expect((await failure(dir)).message).toMatch(/is a directory/);
  });

  it('refuses a retail CSV passed by mistake with one clear error', async () => {
    const error = await failure('data/online-retail/online_retail_2010-12.csv');
    expect(error).toBeInstanceOf(InputFileError);
    expect(error.message).toMatch(
      /online_retail_2010-12\.csv: not a UserBehavior file: the first 1000 non-blank lines are all rejected/,
    );
    expect(error.message).toMatch(/expected user_id,item_id,category_id,behavior_type,timestamp/);
  });

  it('refuses a small file of another format at its end', async () => {
    const error = await failure(write('other.csv', 'a;b;c\n1;2;3\n'));
    expect(error.message).toMatch(
      /not a UserBehavior file: none of its 2 non-blank lines is a valid row \(line 1: fieldCount "a;b;c"\)/,
    );
  });

  it('refuses a binary file, a zip archive and an over-long line', async () => {
    const binary = Buffer.alloc(5000, 7);
    binary[100] = 0;
    expect((await failure(write('binary.bin', binary))).message).toMatch(
      /binary\.bin: contains NUL bytes at byte 100/,
    );
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    expect((await failure(write('data.zip', zip))).message).toMatch(/data\.zip: is a zip archive/);
    const long = Buffer.alloc((1 << 20) + 10, 0x41);
    expect((await failure(write('long-line.csv', long))).message).toMatch(
      /line 1 is longer than 1048576 bytes/,
    );
  });

  it('reports a truncated gzip as such', async () => {
    const full = zlib.gzipSync(fs.readFileSync('data/taobao/UserBehavior_tail_10000rows.csv'));
    const file = write('truncated.csv.gz', full.subarray(0, Math.floor(full.length / 2)));
    const error = await failure(file);
    expect(error).toBeInstanceOf(InputFileError);
    expect(error.message).toMatch(
      /truncated\.csv\.gz: gzip stream ends early after \d+ decompressed bytes \(truncated file\?\)/,
    );
  });

  it('validates options before reading', () => {
    expect(() => readBehaviorChunks('x.csv', { chunkRows: 0 })).toThrow(/invalid chunkRows: 0/);
    expect(() => readBehaviorChunks('x.csv', { utcOffset: '+8' })).toThrow(/invalid utcOffset: "\+8"/);
    expect(() => readBehaviorChunks('x.csv', { rejectsPath: './x.csv' })).toThrow(/invalid rejectsPath/);
  });

  it('throws when stats() is asked before the end', () => {
    expect(() => readBehaviorChunks('x.csv').stats()).toThrow(/only known after the last chunk/);
  });
});

describe('splitBehaviorRanges', () => {
  it('cuts at line starts and covers the file exactly once', async () => {
    const file = 'data/taobao/UserBehavior_tail_10000rows.csv';
    const bytes = fs.readFileSync(file);
    for (const parts of [1, 2, 3, 7]) {
      const ranges = await splitBehaviorRanges(file, parts);
      expect(ranges[0]?.[0]).toBe(0);
      expect(ranges.at(-1)?.[1]).toBe(bytes.length);
      for (let i = 1; i < ranges.length; i++) {
        expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
        expect(bytes[ranges[i]![0] - 1]).toBe(10);
      }
      let lines = 0;
      for (const [start, end] of ranges) {
        const { stats } = await readAll(file, { start, end });
        lines += stats.linesRead;
      }
      expect(lines).toBe(10000);
    }
  });
});
