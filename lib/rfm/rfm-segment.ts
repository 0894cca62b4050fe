/**
 * The eight RFM value tiers of the classic Chinese RFM model and the segment table.
 */
import { check } from '../errors';
import {
  CUSTOMER_SEGMENTS,
  type CustomerSegment,
  type CustomerSegmentRow,
  type RfmTable,
} from '../retail/types';

/**
 * THE RFM tier vocabulary of ecomlab, shared by both analyses: the key, the short English name, an optional
 * note and the Chinese name of the classic model. The retail analysis uses all eight tiers; the behaviour
 * analysis (no monetary value) uses the four `important*` tiers, named there `<name> customers`.
 * @example RFM_TIERS.importantDevelopment // => { name: 'Important development', note: 'high-value new', labelZh: '重要发展客户' }
 */
export const RFM_TIERS: Record<CustomerSegment, { name: string; note?: string; labelZh: string }> = {
  importantValue: { name: 'Important value', labelZh: '重要价值客户' },
  importantDevelopment: { name: 'Important development', note: 'high-value new', labelZh: '重要发展客户' },
  importantRetention: { name: 'Important retention', labelZh: '重要保持客户' },
  importantReengagement: { name: 'Important re-engagement', labelZh: '重要挽留客户' },
  generalValue: { name: 'Medium value', labelZh: '一般价值客户' },
  generalDevelopment: { name: 'Potential', note: 'general development', labelZh: '一般发展客户' },
  generalRetention: { name: 'General retention', labelZh: '一般保持客户' },
  generalReengagement: { name: 'Low value', note: 'general re-engagement', labelZh: '一般挽留客户' },
};

/**
 * English and Chinese label of each tier (the label is the name plus its note in brackets).
 * @example
 * SEGMENT_LABELS.importantValue; // => { label: 'Important value', labelZh: '重要价值客户' }
 */
export const SEGMENT_LABELS = Object.fromEntries(
  CUSTOMER_SEGMENTS.map((segment) => {
    const { name, note, labelZh } = RFM_TIERS[segment];
    return [segment, { label: note === undefined ? name : `${name} (${note})`, labelZh }];
  }),
) as Record<CustomerSegment, { label: string; labelZh: string }>;

/**
 * The R/F quadrant of the tier model: (recent, frequent) = value, (recent, not) = development,
 * (not, frequent) = retention, (not, not) = re-engagement. O(1).
 * @example rfQuadrant(false, true) // => 'Retention'
 */
export function rfQuadrant(
  recent: boolean,
  frequent: boolean,
): 'Value' | 'Development' | 'Retention' | 'Reengagement' {
  return recent ? (frequent ? 'Value' : 'Development') : frequent ? 'Retention' : 'Reengagement';
}

/**
 * The value tier of one customer. Each of R, F, M is "high" when its score is at least `highScore`
 * (default 4, i.e. the top two quintiles; R is already reversed so high = recent). Then M high → important,
 * else general; and (R, F) = (high, high) value, (high, low) development, (low, high) retention,
 * (low, low) re-engagement.
 *
 * Complexity: O(1).
 * @param r R score 1..5 (5 = most recent).
 * @param f F score 1..5.
 * @param m M score 1..5.
 * @param highScore Threshold. Default 4.
 * @throws DataError when a score is not an integer in 1..5.
 * @example
 * segmentOf(5, 4, 5); // => 'importantValue'
 * segmentOf(5, 1, 2); // => 'generalDevelopment'
 */
export function segmentOf(r: number, f: number, m: number, highScore = 4): CustomerSegment {
  for (const [name, s] of [
    ['rScore', r],
    ['fScore', f],
    ['mScore', m],
  ] as const) {
    check(Number.isInteger(s) && s >= 1 && s <= 5, name, s, 'scores are integers 1..5');
  }
  const tier = rfQuadrant(r >= highScore, f >= highScore);
  return `${m >= highScore ? 'important' : 'general'}${tier}` as CustomerSegment;
}

/**
 * The segment table: for every tier (all eight, in `CUSTOMER_SEGMENTS` order, empty ones included) the
 * customers, their share, revenue (Σ M), revenue share and mean R/F/M (NaN for an empty tier).
 *
 * Complexity: O(customers).
 * @param rfm The RFM table.
 * @example
 * segmentTable(rfmTable(cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz')).clean))[0];
 * // => { segment: 'importantValue', label: 'Important value', labelZh: '重要价值客户', customers: 942,
 * //      share: 0.2172, revenue: 5737952.12, revenueShare: 0.6456, meanRecency: 12.5, meanFrequency: 11.2,
 * //      meanMonetary: 6091.24 }
 */
export function segmentTable(rfm: RfmTable): CustomerSegmentRow[] {
  const total = rfm.customerId.length;
  let revenueAll = 0;
  const acc = new Map<CustomerSegment, { n: number; r: number; f: number; m: number }>(
    CUSTOMER_SEGMENTS.map((s) => [s, { n: 0, r: 0, f: 0, m: 0 }]),
  );
  for (let k = 0; k < total; k++) {
    const a = acc.get(rfm.segment[k]!)!;
    a.n++;
    a.r += rfm.recency[k]!;
    a.f += rfm.frequency[k]!;
    a.m += rfm.monetary[k]!;
    revenueAll += rfm.monetary[k]!;
  }
  return CUSTOMER_SEGMENTS.map((segment) => {
    const a = acc.get(segment)!;
    return {
      segment,
      ...SEGMENT_LABELS[segment],
      customers: a.n,
      share: total > 0 ? a.n / total : 0,
      revenue: a.m,
      revenueShare: revenueAll !== 0 ? a.m / revenueAll : 0,
      meanRecency: a.n > 0 ? a.r / a.n : NaN,
      meanFrequency: a.n > 0 ? a.f / a.n : NaN,
      meanMonetary: a.n > 0 ? a.m / a.n : NaN,
    };
  });
}
