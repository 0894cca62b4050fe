/**
 * The Taobao report's story, computed: for each of its claims the number this file gives, and a sentence
 * explaining any difference (definition, data, sample size). Pure: reads a behaviour report, the claims, and
 * optionally the real full log's aggregates and a second RFM view; returns plain objects for the notebook.
 */
import type { BehaviorReport, BehaviorRfm } from '../behavior/types';
import { DataError } from '../errors';
import {
  calibrationTable,
  funnelClaims,
  hourlyClaim,
  pagesClaim,
  paretoClaims,
  retentionClaim,
  rfmClaims,
  sizeClaim,
  type BehaviorClaimContext,
} from './behavior-claims';
import { claimNumber, claimOf, type ReportClaims } from './claims';
import { claimRecorder, type ClaimComparison } from './comparisons';
import type { FullLogAggregates } from './load-story-data';

export type { ClaimComparison } from './comparisons';

/** Options of {@link behaviorStory}. */
export interface BehaviorStoryOptions {
  /** The real full log's aggregates (for scale and for what the report's figures imply). Default none. */
  fullLog?: FullLogAggregates;
  /** The report's RFM view (R ≤ 4, F ≥ 4). Default `report.rfmReportView`. */
  reportRfm?: BehaviorRfm;
  /** True when the file is the generator's output (notes then say what was calibrated). Default false. */
  generated?: boolean;
}

/** What {@link behaviorStory} returns. */
export interface BehaviorStory {
  comparisons: ClaimComparison[];
  funnel: {
    /** buyers / page-viewing users (the report's "UV conversion"). */
    uvConversion: number;
    /** 1 − buyers / fav-or-cart users (the report's loss from interest to purchase). */
    stepLoss: number;
    /** Buyers who never faved or carted (why the funnel is not nested). */
    buyersWithoutInterest: number;
  };
  longTail: {
    headCategories: number;
    tailCategories: number;
    tailCategoryShare: number;
    tailBuyShare: number;
    headBuysPerCategory: number;
    tailBuysPerCategory: number;
  };
  oneMorePurchase: {
    /** Buyers with R ≤ 4 and F < 4 in the report's view. */
    potentialBuyers: number;
    potentialShare: number;
    /** Purchases added if each of them bought once more, as a share of all purchases. */
    uplift: number;
    /** The same with the report's 56 % of buyers. */
    reportShareUplift: number;
  };
  hourly: {
    trafficPeak: { hour: number; pv: number; conversion: number };
    conversionPeak: { hour: number; pv: number; conversion: number };
  };
  /** This file against the full log's aggregates, as shares (empty without `fullLog`). */
  calibration: Array<{ figure: string; thisFile: number; fullLog: number; relative: number }>;
}

/**
 * Sets each Taobao report claim beside the number computed from `report`, with a sentence explaining any
 * difference, and computes the analyses the report states without a table (the long tail, the "one more purchase" sizing, the hourly traffic/conversion split).
 *
 * Complexity: O(days² + categories).
 * @param report A behaviour report (streaming or SQL: they are equal).
 * @param claims The claims (`loadReportClaims('data/reports/claims.json')`).
 * @param options See {@link BehaviorStoryOptions}.
 * @throws DataError when a claim the story needs is missing, or when no R ≤ 4 / F ≥ 4 view is available.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * const claims = loadReportClaims('data/reports/claims.json');
 * behaviorStory(report, claims).comparisons.map((c) => c.id).slice(0, 3); // => ['taobao.rows', 'taobao.pareto', 'taobao.longTail']
 */
export function behaviorStory(
  report: BehaviorReport,
  claims: ReportClaims,
  { fullLog, reportRfm, generated = false }: BehaviorStoryOptions = {},
): BehaviorStory {
  const rfm44 = reportRfm ?? report.rfmReportView;
  const fixed = claimOf(claims, 'taobao.rfm');
  if (
    rfm44.thresholds.recency !== claimNumber(fixed, 'recency') ||
    rfm44.thresholds.frequency !== claimNumber(fixed, 'frequency')
  )
    throw new DataError(
      `invalid reportRfm.thresholds: ${JSON.stringify(rfm44.thresholds)} (the report's view is R <= ${claimNumber(fixed, 'recency')}, F >= ${claimNumber(fixed, 'frequency')})`,
      { column: 'reportRfm' },
    );
  const recorder = claimRecorder(claims);
  const context: BehaviorClaimContext = {
    ...recorder,
    report,
    fullLog,
    generated,
    fileKind: generated ? 'this generated file' : 'this file',
  };
  sizeClaim(context);
  const longTail = paretoClaims(context);
  pagesClaim(context);
  const funnel = funnelClaims(context);
  const oneMorePurchase = rfmClaims(context, rfm44);
  retentionClaim(context);
  const hourly = hourlyClaim(context);
  return {
    comparisons: recorder.comparisons,
    funnel,
    longTail,
    oneMorePurchase,
    hourly,
    calibration: calibrationTable(report, fullLog),
  };
}
