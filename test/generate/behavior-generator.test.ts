/**
 * Generator tests: determinism, exact row counts, the shape of the generated data against the real log's
 * published aggregates (test/fixtures/behavior/real), dirty lines, and memory that does not grow with rows.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  behaviorChunks,
  generateBehavior,
  generateBehaviorText,
  BEHAVIOR_WINDOW_END,
  BEHAVIOR_WINDOW_START,
  type BehaviorGeneratorOptions,
} from '../../lib/generate';
import { parseGenerateArgs } from '../../cli/commands/generate-behavior';

const REAL = path.join(__dirname, '..', 'fixtures', 'behavior', 'real');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-gen-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sha256Of(options: BehaviorGeneratorOptions): string {
  const hash = createHash('sha256');
  for (const chunk of behaviorChunks(options)) hash.update(chunk);
  return hash.digest('hex');
}

interface Row {
  user: number;
  item: number;
  category: number;
  behavior: string;
  ts: number;
}

function parse(text: string): Row[] {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => {
    const [user, item, category, behavior, ts] = line.split(',');
    return {
      user: Number(user),
      item: Number(item),
      category: Number(category),
      behavior: behavior as string,
      ts: Number(ts),
    };
  });
}

/** Real full-log behaviour shares from the third-party aggregate (pv 89.58%, cart 5.52%, ...). */
function realMix(): Record<string, number> {
  const lines = fs
    .readFileSync(path.join(REAL, 'YYyukino_full_behavior_counts.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const counts = Object.fromEntries(lines.map((l) => [l.split(',')[0] as string, Number(l.split(',')[1])]));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  expect(total).toBe(100150807);
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / total]));
}

/** Real rows per window day (2017-11-25..12-03) from the third-party day counts. */
function realDays(): number[] {
  const lines = fs
    .readFileSync(path.join(REAL, 'YYyukino_full_day_counts.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const byDate = new Map(lines.map((l) => [l.split(',')[0], Number(l.split(',')[1])]));
  const days: number[] = [];
  for (let d = 25; d <= 33; d++) {
    const date = d <= 30 ? `2017-11-${d}` : `2017-12-0${d - 30}`;
    days.push(byDate.get(date) as number);
  }
  return days;
}

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    const w = (b[i] as number) - mb;
    sab += (v - ma) * w;
    saa += (v - ma) ** 2;
    sbb += w * w;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('generateBehavior: determinism and counts', () => {
  test('same seed, same bytes; another seed, other bytes; chunk size does not matter', () => {
    const a = sha256Of({ rows: 50_000, seed: 11 });
    expect(sha256Of({ rows: 50_000, seed: 11 })).toBe(a);
    expect(sha256Of({ rows: 50_000, seed: 11, chunkBytes: 4096 })).toBe(a);
    expect(sha256Of({ rows: 50_000, seed: 12 })).not.toBe(a);
  });

  test('pinned bytes for seed 1 (catches silent drift of the format or the model)', () => {
    expect(generateBehaviorText({ rows: 5, seed: 1 })).toMatchSnapshot();
  });

  test.each([0, 1, 2, 7, 1000, 12_345])('exactly %i rows', (rows) => {
    const text = generateBehaviorText({ rows, seed: 3 });
    expect(text === '' ? 0 : text.split('\n').length - 1).toBe(rows);
  });

  test('users option: exactly that many distinct users', () => {
    const rows = parse(generateBehaviorText({ rows: 10_000, seed: 5, users: 321, outOfWindowRate: 0 }));
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((r) => r.user)).size).toBe(321);
  });

  test('file output: the returned sha256 is the file content hash; .gz holds the same text', async () => {
    const plain = await generateBehavior({ rows: 20_000, seed: 9, out: path.join(tmp, 'a.csv') });
    const gz = await generateBehavior({ rows: 20_000, seed: 9, out: path.join(tmp, 'a.csv.gz') });
    const bytes = fs.readFileSync(plain.out);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(plain.sha256);
    expect(gz.sha256).toBe(plain.sha256);
    expect(gunzipSync(fs.readFileSync(gz.out)).equals(bytes)).toBe(true);
    expect([plain.rows, plain.bytes]).toEqual([20_000, bytes.length]);
  });

  test('rejects bad options with the value in the message', () => {
    expect(() => generateBehaviorText({ rows: -1 })).toThrow(/invalid rows: -1/);
    expect(() => generateBehaviorText({ rows: 1.5 })).toThrow(/invalid rows: 1.5/);
    expect(() => generateBehaviorText({ rows: 10, users: 11 })).toThrow(/invalid users: 11/);
    expect(() => generateBehaviorText({ rows: 10, dirtyRate: 2 })).toThrow(/invalid dirtyRate: 2/);
  });

  test('an unwritable output is an InputFileError naming the file', async () => {
    await expect(generateBehavior({ rows: 10, out: path.join(tmp, 'missing', 'x.csv') })).rejects.toThrow(
      /missing\/x\.csv: cannot write \(ENOENT\)/,
    );
  });

  test('CLI arguments', () => {
    expect(
      parseGenerateArgs(['--rows', '1_000', '--out', 'x.csv.gz', '--seed', '4', '--users', '9']),
    ).toEqual({
      rows: 1000,
      out: 'x.csv.gz',
      seed: 4,
      users: 9,
      quiet: false,
    });
    expect(() => parseGenerateArgs(['--out', 'x'])).toThrow(/missing --rows/);
    expect(() => parseGenerateArgs(['--rows', 'ten', '--out', 'x'])).toThrow(/invalid --rows: "ten"/);
    expect(() => parseGenerateArgs(['--rows', '1', '--out', 'x', '--bogus'])).toThrow(
      /unknown option --bogus/,
    );
  });
});

describe('generateBehavior: shape of 200k rows vs the real log', () => {
  const rows = parse(generateBehaviorText({ rows: 200_000, seed: 20171125 }));
  const inWindow = rows.filter((r) => r.ts >= BEHAVIOR_WINDOW_START && r.ts < BEHAVIOR_WINDOW_END);

  test('behaviour mix within 0.4 percentage points of the full log', () => {
    const mix = realMix();
    for (const behavior of ['pv', 'fav', 'cart', 'buy']) {
      const share = rows.filter((r) => r.behavior === behavior).length / rows.length;
      expect([behavior, Math.abs(share - (mix[behavior] as number)) < 0.004]).toEqual([behavior, true]);
    }
  });

  test('about 68% of users buy (real: 672,404 / 987,994)', () => {
    const users = new Set(rows.map((r) => r.user));
    const buyers = new Set(rows.filter((r) => r.behavior === 'buy').map((r) => r.user));
    expect(Math.abs(buyers.size / users.size - 0.68)).toBeLessThan(0.03);
    expect(Math.abs(rows.length / users.size - 101.4)).toBeLessThan(2);
  });

  test('diurnal curve: evening peak 20-22h, night trough 3-5h at UTC+8', () => {
    const hours = new Array<number>(24).fill(0);
    for (const r of inWindow) hours[Math.floor(((r.ts + 8 * 3600) % 86400) / 3600)]!++;
    const peak = hours.indexOf(Math.max(...hours));
    const trough = hours.indexOf(Math.min(...hours));
    expect(peak).toBeGreaterThanOrEqual(20);
    expect(peak).toBeLessThanOrEqual(22);
    expect(trough).toBeGreaterThanOrEqual(3);
    expect(trough).toBeLessThanOrEqual(5);
    expect((hours[21] as number) / (hours[4] as number)).toBeGreaterThan(5);
  });

  test('daily pattern follows the real day counts, with the Dec 2-3 weekend uplift', () => {
    const days = new Array<number>(9).fill(0);
    for (const r of inWindow) days[Math.floor((r.ts - BEHAVIOR_WINDOW_START) / 86400)]!++;
    expect(correlation(days, realDays())).toBeGreaterThan(0.95);
    const weekday = days.slice(0, 7).reduce((a, b) => a + b, 0) / 7;
    expect((days[7] as number) / weekday).toBeGreaterThan(1.2);
    expect((days[8] as number) / weekday).toBeGreaterThan(1.2);
  });

  test('about 0.055% of rows outside the window (real: 55,576 of 100,150,807)', () => {
    const outside = rows.length - inWindow.length;
    expect(outside).toBeGreaterThan(60);
    expect(outside).toBeLessThan(170);
  });

  test('users grouped in string order of their id, each user in time order', () => {
    const seen = new Set<number>();
    const problems: string[] = [];
    for (let i = 1; i < rows.length && problems.length < 3; i++) {
      const previous = rows[i - 1] as Row;
      const r = rows[i] as Row;
      if (previous.user === r.user) {
        if (r.ts < previous.ts) problems.push(`line ${i + 1}: time goes back`);
      } else {
        if (seen.has(r.user)) problems.push(`line ${i + 1}: user ${r.user} appears twice`);
        if (!(String(previous.user) < String(r.user)))
          problems.push(`line ${i + 1}: users not in string order`);
        seen.add(previous.user);
      }
    }
    expect(problems).toEqual([]);
  });

  test('items are nested in categories; users and categories are heavy-tailed', () => {
    const categoryOf = new Map<number, number>();
    let conflicts = 0;
    for (const r of rows) {
      const c = categoryOf.get(r.item);
      if (c === undefined) categoryOf.set(r.item, r.category);
      else if (c !== r.category) conflicts++;
    }
    expect(conflicts).toBe(0);
    expect(categoryOf.size).toBeGreaterThan(1000);
    const perUser = new Map<number, number>();
    for (const r of rows) perUser.set(r.user, (perUser.get(r.user) ?? 0) + 1);
    const counts = [...perUser.values()].sort((a, b) => b - a);
    const top10 = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top10 / rows.length).toBeGreaterThan(0.3);
    const buysPerCategory = new Map<number, number>();
    for (const r of rows)
      if (r.behavior === 'buy') buysPerCategory.set(r.category, (buysPerCategory.get(r.category) ?? 0) + 1);
    const buys = [...buysPerCategory.values()].sort((a, b) => b - a);
    const total = buys.reduce((a, b) => a + b, 0);
    let cumulative = 0;
    let k80 = 0;
    while (cumulative * 5 < total * 4) cumulative += buys[k80++] as number;
    expect(k80 / buys.length).toBeLessThan(0.5);
  });
});

describe('generateBehavior: dirty lines, header, CRLF', () => {
  test('dirty lines are extra lines that are not valid rows; rows stay exact', () => {
    const text = generateBehaviorText({
      rows: 20_000,
      seed: 2,
      dirtyRate: 0.05,
      header: true,
      lineEnding: '\r\n',
    });
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('user_id,item_id,category_id,behavior_type,timestamp');
    const valid = lines.slice(1).filter((l) => /^\d+,\d+,\d+,(pv|fav|cart|buy),\d+$/.test(l));
    expect(valid).toHaveLength(20_000);
    const dirty = lines.length - 1 - valid.length;
    expect(dirty).toBeGreaterThan(800);
    expect(dirty).toBeLessThan(1200);
    expect(lines.some((l) => l === '')).toBe(true);
    expect(lines.some((l) => l.includes('click'))).toBe(true);
  });
});

describe('generateBehavior: bounded memory', () => {
  test('RSS does not grow with rows (2M rows streamed to disk, 100M-capable)', async () => {
    const samples: number[] = [];
    const before = process.memoryUsage().rss;
    const result = await generateBehavior({
      rows: 2_000_000,
      users: 20_000,
      seed: 1,
      out: path.join(tmp, 'big.csv'),
      onProgress: () => samples.push(process.memoryUsage().rss),
    });
    expect(result.rows).toBe(2_000_000);
    expect(result.bytes).toBeGreaterThan(65e6);
    const growth = Math.max(...samples) - before;
    // The file is ~70 MB; memory must stay far below it (users and buffers only).
    expect(growth).toBeLessThan(40e6);
    fs.rmSync(result.out);
  });
});

describe('bundled dataset data/behavior', () => {
  test('the .csv.gz holds exactly the text its PROVENANCE command generates', () => {
    const file = path.join(
      __dirname,
      '..',
      '..',
      'data',
      'behavior',
      'UserBehavior_generated_1M_seed20171125.csv.gz',
    );
    const text = gunzipSync(fs.readFileSync(file));
    const expected = 'a41710ca88105fdfc1a826b32567bba14389dca2b187ddd16273dadd3a20951e';
    expect(createHash('sha256').update(text).digest('hex')).toBe(expected);
    expect(sha256Of({ rows: 1_000_000, seed: 20171125 })).toBe(expected);
  });
});
