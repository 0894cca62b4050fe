/**
 * The RFM segments insight of the behaviour report: buyers split by R (days from their last buy to the
 * window's last day) and F (buy events) into the four `important*` tiers of the shared RFM vocabulary
 * (lib/rfm/rfm-segment.ts; there is no monetary value in the log). Here: its report types, its part of the
 * streaming state (buys and last buy day per user, counted by the fused scan in accumulator.ts), merge and
 * value, its SQL query and its assembly.
 */
import { sqlCounts, type SqlCount, type SqlRows } from './sql-rows';
import { RFM_TIERS, rfQuadrant } from '../rfm/rfm-segment';
import type { CustomerSegment } from '../retail/types';
import { grownCopy } from './id-tables';
import { ratio } from './ratio';

export const RFM_SEGMENTS = [
  'recentFrequent',
  'recentInfrequent',
  'lapsedFrequent',
  'lapsedInfrequent',
] as const;
export type RfmSegmentKey = (typeof RFM_SEGMENTS)[number];

export interface RfmSegmentRow {
  segment: RfmSegmentKey;
  /** English label from the report: important value / development / retention / re-engagement customers. */
  label: string;
  /** Chinese label from the report (重要价值客户 ...). */
  labelZh: string;
  users: number;
  /** users / buyers. */
  userShare: number;
  buys: number;
  /** buys / totalBuys. */
  buyShare: number;
  /** buys / users (0 for an empty segment). */
  buysPerUser: number;
}

export interface BehaviorRfm {
  buyers: number;
  totalBuys: number;
  /** recent <=> R <= recency; frequent <=> F >= frequency. */
  thresholds: { recency: number; frequency: number; dynamic: boolean };
  /** Mean R and mean F over buyers (the dynamic defaults). */
  meanRecency: number;
  meanFrequency: number;
  /** Always the four segments, in RFM_SEGMENTS order. */
  segments: RfmSegmentRow[];
}

/** The original Taobao report's fixed RFM thresholds (section 3.3): recent R <= 4 days, frequent F >= 4 purchases. */
export const REPORT_RFM_THRESHOLDS: Readonly<{ recency: number; frequency: number }> = Object.freeze({
  recency: 4,
  frequency: 4,
});

/** Buyers with recency R and frequency F (a summary cell). */
export interface RfmCell {
  recency: number;
  frequency: number;
  users: number;
}

/** The tier of the shared vocabulary that each behaviour segment is. */
export const RFM_SEGMENT_TIERS: Record<RfmSegmentKey, CustomerSegment> = {
  recentFrequent: 'importantValue',
  recentInfrequent: 'importantDevelopment',
  lapsedFrequent: 'importantRetention',
  lapsedInfrequent: 'importantReengagement',
};

/**
 * English and Chinese labels of the four segments, as in the original report (from {@link RFM_TIERS}).
 * @example RFM_SEGMENT_LABELS.lapsedInfrequent // => { label: 'important re-engagement customers', labelZh: '重要挽留客户' }
 */
export const RFM_SEGMENT_LABELS = Object.fromEntries(
  RFM_SEGMENTS.map((segment) => {
    const tier = RFM_TIERS[RFM_SEGMENT_TIERS[segment]];
    return [segment, { label: `${tier.name.toLowerCase()} customers`, labelZh: tier.labelZh }];
  }),
) as Record<RfmSegmentKey, { label: string; labelZh: string }>;

const QUADRANT_SEGMENT = {
  Value: 'recentFrequent',
  Development: 'recentInfrequent',
  Retention: 'lapsedFrequent',
  Reengagement: 'lapsedInfrequent',
} as const satisfies Record<ReturnType<typeof rfQuadrant>, RfmSegmentKey>;

/** The RFM part of the streaming state. */
export interface RfmSegmentsState {
  /** Per user: buy events. */
  userBuys: Uint32Array;
  /** Per user: last day index with a buy, -1 when none. */
  userLastBuyDay: Int16Array;
}

/** An empty RFM state with room for `userCapacity` users. */
export function initRfm(userCapacity: number): RfmSegmentsState {
  return { userBuys: new Uint32Array(userCapacity), userLastBuyDay: new Int16Array(userCapacity).fill(-1) };
}

/** Grows the per-user arrays to `capacity` users (new users have no last buy day: -1). */
export function growRfm(state: RfmSegmentsState, capacity: number): void {
  state.userBuys = grownCopy(state.userBuys, capacity);
  state.userLastBuyDay = grownCopy(state.userLastBuyDay, capacity, -1);
}

/** Folds `from` into `into` (buys add, last buy day is the later); `userIndex[j]` = `from`'s user j in `into`. */
export function mergeRfm(into: RfmSegmentsState, from: RfmSegmentsState, userIndex: Int32Array): void {
  for (let j = 0; j < userIndex.length; j++) {
    const i = userIndex[j]!;
    into.userBuys[i]! += from.userBuys[j]!;
    if (into.userLastBuyDay[i]! < from.userLastBuyDay[j]!) into.userLastBuyDay[i] = from.userLastBuyDay[j]!;
  }
}

/**
 * The (R, F) histogram of buyers, by R then F. `lastDay` is the window's last day index. O(users).
 * @example rfmHistogramOf({ userBuys: Uint32Array.of(2, 0), userLastBuyDay: Int16Array.of(6, -1) }, 2, 8) // => [{ recency: 2, frequency: 2, users: 1 }]
 */
export function rfmHistogramOf(state: RfmSegmentsState, userCount: number, lastDay: number): RfmCell[] {
  const cells = new Map<number, number>();
  for (let u = 0; u < userCount; u++) {
    const buys = state.userBuys[u]!;
    if (buys === 0) continue;
    const key = buys * 4096 + (lastDay - state.userLastBuyDay[u]!);
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return [...cells.entries()]
    .map(([key, users]) => ({ recency: key % 4096, frequency: Math.floor(key / 4096), users }))
    .sort((x, y) => x.recency - y.recency || x.frequency - y.frequency);
}

/** The RFM query of the SQL engine (`?` = the window's last day). */
export function rfmSql(table: string): string {
  return `SELECT recency, frequency, COUNT(*) AS users
  FROM (SELECT DATEDIFF(CAST(? AS DATE), MAX(event_date)) AS recency, COUNT(*) AS frequency
          FROM ${table} WHERE behavior_type = 3 GROUP BY user_id) AS per_buyer
 GROUP BY recency, frequency`;
}

/**
 * RFM cells from the rows of {@link rfmSql}.
 * @example rfmFromSqlRows([{ recency: 0, frequency: 3, users: 2 }], Number) // => [{ recency: 0, frequency: 3, users: 2 }]
 */
export const rfmFromSqlRows = (rows: SqlRows, count: SqlCount): RfmCell[] =>
  sqlCounts(rows, count, { recency: 'recency', frequency: 'frequency', users: 'users' });

/**
 * The report's RFM segments from the (R, F) histogram: recent <=> R <= recency threshold, frequent <=>
 * F >= frequency threshold; dynamic thresholds are the mean R and mean F over buyers. O(h) for h cells.
 * @example
 * assembleRfm([{ recency: 0, frequency: 2, users: 1 }, { recency: 4, frequency: 1, users: 1 }]).segments[0]!.users // => 1
 */
export function assembleRfm(
  histogram: ReadonlyArray<RfmCell>,
  thresholds?: { recency: number; frequency: number },
): BehaviorRfm {
  let buyers = 0;
  let totalBuys = 0;
  let recencySum = 0;
  for (const cell of histogram) {
    buyers += cell.users;
    totalBuys += cell.users * cell.frequency;
    recencySum += cell.users * cell.recency;
  }
  const meanRecency = ratio(recencySum, buyers);
  const meanFrequency = ratio(totalBuys, buyers);
  const recency = thresholds ? thresholds.recency : meanRecency;
  const frequency = thresholds ? thresholds.frequency : meanFrequency;
  const acc = Object.fromEntries(RFM_SEGMENTS.map((segment) => [segment, { users: 0, buys: 0 }])) as Record<
    RfmSegmentKey,
    { users: number; buys: number }
  >;
  for (const cell of histogram) {
    const key = QUADRANT_SEGMENT[rfQuadrant(cell.recency <= recency, cell.frequency >= frequency)];
    acc[key].users += cell.users;
    acc[key].buys += cell.users * cell.frequency;
  }
  const segments: RfmSegmentRow[] = RFM_SEGMENTS.map((segment) => ({
    segment,
    label: RFM_SEGMENT_LABELS[segment].label,
    labelZh: RFM_SEGMENT_LABELS[segment].labelZh,
    users: acc[segment].users,
    userShare: ratio(acc[segment].users, buyers),
    buys: acc[segment].buys,
    buyShare: ratio(acc[segment].buys, totalBuys),
    buysPerUser: ratio(acc[segment].buys, acc[segment].users),
  }));
  return {
    buyers,
    totalBuys,
    thresholds: { recency, frequency, dynamic: thresholds === undefined },
    meanRecency,
    meanFrequency,
    segments,
  };
}
