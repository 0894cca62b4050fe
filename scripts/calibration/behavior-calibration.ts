/**
 * Checks the behaviour generator against the real full log's published aggregates
 * (data/taobao-full-aggregates, see its PROVENANCE.md) and the original report's hourly claims
 * (data/reports/claims.json), after scaling: shares of users (daily UV, buyers per day, users per behaviour)
 * and shares of rows (page views per day, behaviour counts).
 *
 * Used by test/generate/behavior-calibration.test.ts (1M rows) and as a benchmark at any scale:
 *
 *   npx tsx scripts/calibration/behavior-calibration.ts --rows 100000000 --seed 20171125
 *
 * which prints a markdown table of every figure, generated vs real, with the relative difference.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  behaviorChunksWithModel,
  BEHAVIOR_GENERATOR_MODEL,
  type BehaviorGeneratorModel,
} from '../../lib/generate/behavior-generator';

const ROOT = path.join(__dirname, '..', '..');
const AGGREGATES = path.join(ROOT, 'data', 'taobao-full-aggregates');
const START = 1511539200;
const DAY = 86400;
export const BEHAVIOR_CODES = ['pv', 'fav', 'cart', 'buy'] as const;

/** What the generator is calibrated against: real full-log figures, as shares of users or rows. */
export interface CalibrationTargets {
  rows: number;
  users: number;
  days: string[];
  uv: number[];
  buyers: number[];
  pv: number[];
  events: Record<string, number>;
  behaviorUsers: Record<string, number>;
}

function csv(file: string): Array<Record<string, string>> {
  const [head, ...lines] = fs.readFileSync(path.join(AGGREGATES, file), 'utf8').trim().split('\n');
  const names = (head as string).split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i] as string, v])));
}

/** Reads the bundled full-log aggregates. Users = the sum of harrykab12's new users over the 9 days (987,991). */
export function calibrationTargets(): CalibrationTargets {
  const counts = csv('YYyukino_full_behavior_counts.csv');
  const daily = csv('harrykab12_daily_metrics.csv');
  const events = Object.fromEntries(counts.map((r) => [r.behavior as string, Number(r.n)]));
  const behaviorUsers = Object.fromEntries(counts.map((r) => [r.behavior as string, Number(r.users)]));
  return {
    rows: Object.values(events).reduce((a, b) => a + b, 0),
    users: daily.reduce((a, r) => a + Number(r.new_users), 0),
    days: daily.map((r) => r.event_date as string),
    uv: daily.map((r) => Number(r.uv)),
    buyers: daily.map((r) => Number(r.purchase_users)),
    pv: daily.map((r) => Number(r.pv_events)),
    events,
    behaviorUsers,
  };
}

/** What a generated log holds, counted the way the aggregates count (window days at UTC+8). */
export interface GeneratedMeasures {
  rows: number;
  users: number;
  uv: number[];
  buyers: number[];
  pv: number[];
  events: Record<string, number>;
  behaviorUsers: Record<string, number>;
  interestUsers: number;
  hourPv: number[];
  hourUsers: number[];
  hourBuyers: number[];
}

/** Counts a generated log (text chunks, users grouped, as the generator writes them). O(rows). */
export function measureGenerated(chunks: Iterable<Buffer>): GeneratedMeasures {
  const m: GeneratedMeasures = {
    rows: 0,
    users: 0,
    uv: new Array<number>(9).fill(0),
    buyers: new Array<number>(9).fill(0),
    pv: new Array<number>(9).fill(0),
    events: { pv: 0, fav: 0, cart: 0, buy: 0 },
    behaviorUsers: { pv: 0, fav: 0, cart: 0, buy: 0 },
    interestUsers: 0,
    hourPv: new Array<number>(24).fill(0),
    hourUsers: new Array<number>(24).fill(0),
    hourBuyers: new Array<number>(24).fill(0),
  };
  const code: Record<string, number> = { pv: 1, fav: 2, cart: 4, buy: 8 };
  let current = -1;
  let dayMask = 0;
  let dayBuyMask = 0;
  let hourMask = 0;
  let hourBuyMask = 0;
  let behaviorMask = 0;
  const flush = (): void => {
    if (current < 0) return;
    m.users++;
    for (let d = 0; d < 9; d++) {
      if (dayMask & (1 << d)) m.uv[d]!++;
      if (dayBuyMask & (1 << d)) m.buyers[d]!++;
    }
    for (let h = 0; h < 24; h++) {
      if (hourMask & (1 << h)) m.hourUsers[h]!++;
      if (hourBuyMask & (1 << h)) m.hourBuyers[h]!++;
    }
    BEHAVIOR_CODES.forEach((b, i) => {
      if (behaviorMask & (1 << i)) m.behaviorUsers[b]!++;
    });
    if (behaviorMask & 6) m.interestUsers++;
  };
  let rest = '';
  for (const chunk of chunks) {
    const lines = (rest + chunk.toString('latin1')).split('\n');
    rest = lines.pop() as string;
    for (const line of lines) {
      const fields = line.split(',');
      const user = Number(fields[0]);
      const behavior = fields[3] as string;
      const ts = Number(fields[4]);
      m.rows++;
      if (ts < START || ts >= START + 9 * DAY) continue;
      if (user !== current) {
        flush();
        current = user;
        dayMask = dayBuyMask = hourMask = hourBuyMask = behaviorMask = 0;
      }
      const day = Math.floor((ts - START) / DAY);
      const hour = Math.floor(((ts - START) % DAY) / 3600);
      dayMask |= 1 << day;
      hourMask |= 1 << hour;
      behaviorMask |= code[behavior] as number;
      m.events[behavior]!++;
      if (behavior === 'pv') {
        m.pv[day]!++;
        m.hourPv[hour]!++;
      } else if (behavior === 'buy') {
        dayBuyMask |= 1 << day;
        hourBuyMask |= 1 << hour;
      }
    }
  }
  flush();
  return m;
}

/** One compared figure: generated and real shares, relative difference and the tolerance it must meet. */
export interface CalibrationRow {
  metric: string;
  /** `users` (a share of users) or `rows` (a share of rows). */
  basis: 'users' | 'rows';
  generated: number;
  real: number;
  /** generated / real - 1. */
  relative: number;
  /** The generated count behind the share (its sampling noise is about 1 / sqrt(count)). */
  count: number;
}

/** Every calibrated figure, generated vs real, as shares (so any scale compares with the 100M-row log). */
export function compareCalibration(m: GeneratedMeasures, t: CalibrationTargets): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  const add = (metric: string, basis: 'users' | 'rows', count: number, realCount: number): void => {
    const generated = count / (basis === 'users' ? m.users : m.rows);
    const real = realCount / (basis === 'users' ? t.users : t.rows);
    rows.push({ metric, basis, generated, real, relative: generated / real - 1, count });
  };
  t.days.forEach((day, d) => {
    add(`UV ${day}`, 'users', m.uv[d] as number, t.uv[d] as number);
    add(`buyers ${day}`, 'users', m.buyers[d] as number, t.buyers[d] as number);
    add(`page views ${day}`, 'rows', m.pv[d] as number, t.pv[d] as number);
  });
  for (const b of BEHAVIOR_CODES) {
    add(`${b} events`, 'rows', m.events[b] as number, t.events[b] as number);
    add(`users with ${b}`, 'users', m.behaviorUsers[b] as number, t.behaviorUsers[b] as number);
  }
  return rows;
}

/** Generates `rows` rows with `seed` and compares them (streams: memory O(users)). */
export function calibrate(
  rows: number,
  seed: number,
  model: Readonly<BehaviorGeneratorModel> = BEHAVIOR_GENERATOR_MODEL,
): { measures: GeneratedMeasures; comparison: CalibrationRow[] } {
  const measures = measureGenerated(behaviorChunksWithModel({ rows, seed }, undefined, model));
  return { measures, comparison: compareCalibration(measures, calibrationTargets()) };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(String(args[i + 1]).replace(/_/g, '')) : fallback;
  };
  const rows = get('--rows', 1_000_000);
  const seed = get('--seed', 20171125);
  const started = Date.now();
  const { measures, comparison } = calibrate(rows, seed);
  const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)}%`;
  const lines = [
    `Generator calibration: ${rows.toLocaleString('en-US')} rows, seed ${seed}, ${measures.users.toLocaleString('en-US')} users (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    '',
    '| figure | basis | generated | real (full log) | difference |',
    '| --- | --- | ---: | ---: | ---: |',
    ...comparison.map(
      (r) =>
        `| ${r.metric} | share of ${r.basis} | ${pct(r.generated, 3)} | ${pct(r.real, 3)} | ${(r.relative * 100).toFixed(2)}% |`,
    ),
  ];
  const worst = comparison.reduce((a, r) => Math.max(a, Math.abs(r.relative)), 0);
  const peak = measures.hourPv.indexOf(Math.max(...measures.hourPv));
  const conversion = measures.hourBuyers.map((b, h) => b / Math.max(1, measures.hourUsers[h] as number));
  const best = conversion.indexOf(Math.max(...conversion));
  lines.push(
    '',
    `Largest difference: ${(worst * 100).toFixed(2)}%. Traffic peak ${peak}:00; conversion peak ${best}:00 at ${pct(conversion[best] as number, 1)}; ` +
      `interest users (fav or cart) ${pct(measures.interestUsers / measures.users, 1)}, buyers / interest users ${pct(measures.behaviorUsers.buy! / measures.interestUsers, 1)}.`,
  );
  process.stdout.write(lines.join('\n') + '\n');
}
