/**
 * The Taobao report's story, computed: for each of its claims the number this file gives, and a sentence
 * explaining any difference (definition, data, sample size). Pure: reads a behaviour report, the claims, and
 * optionally the real full log's aggregates and a second RFM view; returns plain objects for the notebook.
 */
import { weekdayOfDate } from '../behavior/engagement';
import type { BehaviorReport, BehaviorRfm, RfmSegmentKey, RfmSegmentRow } from '../behavior/types';
import { DataError } from '../errors';
import { claimNumber, claimOf, claimSource, type ReportClaims } from './claims';
import { formatCount, formatPoints, formatShare } from './format';
import type { FullLogAggregates } from './load-story-data';

/** One claim beside its computed counterpart. */
export interface ClaimComparison {
  id: string;
  /** File and section of the report. */
  source: string;
  /** The claim in English. */
  claim: string;
  /** The report's own words. */
  quote: string;
  /** The report's figure(s), formatted. */
  reference: string;
  /** The same figure(s) computed here, formatted. */
  computed: string;
  /** Whether the computed figure is within the claim's tolerance. */
  agrees: boolean;
  /** A computed sentence: why the numbers agree or differ. */
  note: string;
}

/** Options of {@link behaviorStory}. */
export interface BehaviorStoryOptions {
  /** The real full log's aggregates (for scale and for what the report's figures imply). Default none. */
  fullLog?: FullLogAggregates;
  /** The report's RFM view (R ≤ 4, F ≥ 4). Default `report.rfmReportView`. */
  reportRfm?: BehaviorRfm;
  /** True when the file is the generator's output (notes then say what was calibrated). Default false. */
  generated?: boolean;
}

function segment(rfm: BehaviorRfm, key: RfmSegmentKey): RfmSegmentRow {
  const row = rfm.segments.find((s) => s.segment === key);
  if (!row) throw new DataError(`invalid rfm: missing segment ${key}`, { value: key });
  return row;
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
 * behaviorStory(report, claims, { reportRfm }).comparisons.map((c) => c.id); // => ['taobao.rows', 'taobao.pareto', ...]
 */
export function behaviorStory(
  report: BehaviorReport,
  claims: ReportClaims,
  { fullLog, reportRfm, generated = false }: BehaviorStoryOptions = {},
): BehaviorStory {
  const claim = (id: string) => claimOf(claims, id);
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
  const comparisons: ClaimComparison[] = [];
  const add = (id: string, reference: string, computed: string, agrees: boolean, note: string): void => {
    const c = claim(id);
    comparisons.push({
      id,
      source: claimSource(claims, c),
      claim: c.summary,
      quote: c.quote,
      reference,
      computed,
      agrees,
      note,
    });
  };
  const near = (a: number, b: number, points = 0.01): boolean => Math.abs(a - b) <= points;
  const fileKind = generated ? 'this generated file' : 'this file';
  const { overview, funnel, pareto } = report;

  // --- size ---------------------------------------------------------------------------------------------
  const rowsClaim = claim('taobao.rows');
  const realRows = claimNumber(rowsClaim, 'rows');
  add(
    'taobao.rows',
    `${formatCount(realRows)} rows, ${claimNumber(rowsClaim, 'days')} days`,
    `${formatCount(overview.linesRead)} lines, ${formatCount(overview.rows)} kept, ${overview.window.days.length} days`,
    overview.linesRead === realRows,
    overview.linesRead === realRows
      ? 'Same size: this is the full log.'
      : `${fileKind[0]!.toUpperCase()}${fileKind.slice(1)} has ${formatShare(overview.linesRead / realRows, 2)} of the full log's rows, so counts below are ` +
          `about ${formatCount(realRows / Math.max(1, overview.linesRead))} times smaller; shares and rates are comparable.`,
  );

  // --- Pareto and the long tail ---------------------------------------------------------------------------
  const paretoClaim = claim('taobao.pareto');
  const refShare80 = claimNumber(paretoClaim, 'share80');
  const refK80 = claimNumber(paretoClaim, 'k80');
  const reached = pareto.k80 > 0 ? (pareto.ranking[pareto.k80 - 1]?.cumulativeShare ?? 0) : 0;
  add(
    'taobao.pareto',
    `${formatShare(refShare80)} (${formatCount(refK80)} categories)`,
    `${formatShare(pareto.share80)} (${formatCount(pareto.k80)} of ${formatCount(pareto.categoriesWithBuys)})`,
    near(pareto.share80, refShare80, 0.005),
    (near(pareto.share80, refShare80, 0.005)
      ? 'Agrees within half a point. '
      : `Differs by ${formatPoints(pareto.share80 - refShare80)}. `) +
      `The share counts categories, so it depends on how many categories have a purchase: ${formatCount(pareto.categoriesWithBuys)} here, ` +
      `about ${formatCount(refK80 / refShare80)} in the report (${formatCount(refK80)} / ${formatShare(refShare80)}).` +
      (generated
        ? ' The generator draws categories from a Zipf law whose concentration changes with the file size.'
        : ''),
  );
  const headBuys = Math.round(reached * pareto.totalBuys);
  const tailCategories = pareto.categoriesWithBuys - pareto.k80;
  const longTail = {
    headCategories: pareto.k80,
    tailCategories,
    tailCategoryShare: pareto.categoriesWithBuys > 0 ? tailCategories / pareto.categoriesWithBuys : 0,
    tailBuyShare: 1 - reached,
    headBuysPerCategory: pareto.k80 > 0 ? headBuys / pareto.k80 : 0,
    tailBuysPerCategory: tailCategories > 0 ? (pareto.totalBuys - headBuys) / tailCategories : 0,
  };
  const tailClaim = claim('taobao.longTail');
  add(
    'taobao.longTail',
    `${formatShare(claimNumber(tailClaim, 'tailCategoryShare'))} of categories, ${formatShare(claimNumber(tailClaim, 'tailSalesShare'))} of sales`,
    `${formatShare(longTail.tailCategoryShare)} of categories, ${formatShare(longTail.tailBuyShare)} of purchases`,
    near(longTail.tailCategoryShare, claimNumber(tailClaim, 'tailCategoryShare'), 0.005),
    `The tail is what the head leaves: the head's ${formatCount(pareto.k80)} categories reach ${formatShare(reached)} (the first rank to pass 80%), ` +
      `so the tail's ${formatCount(tailCategories)} categories hold ${formatShare(longTail.tailBuyShare)}, ` +
      `${longTail.tailBuysPerCategory.toFixed(1)} purchases each against ${longTail.headBuysPerCategory.toFixed(1)} in the head.`,
  );

  // --- pages per user -------------------------------------------------------------------------------------
  const pages = report.engagement;
  const pagesClaim = claim('taobao.pagesPerUser');
  const refPages = claimNumber(pagesClaim, 'pvPerUser');
  const fullPages = fullLog ? fullLog.behaviors.pv.events / fullLog.users : undefined;
  add(
    'taobao.pagesPerUser',
    `${refPages} per user, ~${claimNumber(pagesClaim, 'pvPerUserPerDay')} a day`,
    `${pages.pvPerUser.toFixed(1)} per user, ${pages.pvPerUserPerDay.toFixed(1)} a day (${pages.pvPerActiveUserDay.toFixed(1)} per active user-day)`,
    Math.abs(pages.pvPerUser / refPages - 1) <= 0.05,
    `The report's daily figure is the nine-day figure divided by nine (${(refPages / 9).toFixed(1)}); a user is active on ` +
      `${pages.activeDaysPerUser.toFixed(1)} of ${overview.window.days.length} days on average, so on a day they visit they view ` +
      `${pages.pvPerActiveUserDay.toFixed(1)} pages.` +
      (fullPages !== undefined
        ? ` Full log: ${formatCount(fullLog!.behaviors.pv.events)} page views / ${formatCount(fullLog!.users)} users = ${fullPages.toFixed(1)}.`
        : ''),
  );

  // --- funnel ---------------------------------------------------------------------------------------------
  const uvConversion = funnel.pvUsers > 0 ? funnel.buyers / funnel.pvUsers : 0;
  const stepLoss = funnel.interestUsers > 0 ? 1 - funnel.buyers / funnel.interestUsers : 0;
  const buyersWithoutInterest = funnel.buyers - (funnel.interestUsers - funnel.interestNoBuy);
  const uvClaim = claim('taobao.uvConversion');
  const refUv = claimNumber(uvClaim, 'uvConversion');
  add(
    'taobao.uvConversion',
    formatShare(refUv),
    `${formatShare(uvConversion)} of page-viewing users (${formatShare(funnel.userConversion)} of all users)`,
    near(uvConversion, refUv, 0.01),
    `The report divides buyers by page-viewing users` +
      (fullLog
        ? ` (full log: ${formatCount(fullLog.behaviors.buy.users)} / ${formatCount(fullLog.behaviors.pv.users)} = ${formatShare(fullLog.behaviors.buy.users / fullLog.behaviors.pv.users)})`
        : '') +
      `; ecomlab's userConversion divides by all users: ${formatShare(funnel.userConversion)}.` +
      (near(uvConversion, refUv, 0.01)
        ? ''
        : ` Here ${formatShare(uvConversion)}: ${formatPoints(uvConversion - refUv)} from the report.`),
  );
  const lossClaim = claim('taobao.interestLoss');
  const refLoss = claimNumber(lossClaim, 'interestLoss');
  add(
    'taobao.interestLoss',
    `${formatShare(refLoss)} (about ${formatCount(claimNumber(lossClaim, 'interestLossUsers'))} users)`,
    `${formatShare(stepLoss)} step loss (${formatCount(funnel.interestUsers - funnel.buyers)} users); ${formatShare(funnel.interestNoBuyShare)} of fav-or-cart users never bought`,
    near(stepLoss, refLoss, 0.01),
    `The report's figure is a step of the user funnel: 1 − buyers / fav-or-cart users (here ${formatShare(stepLoss)}). ` +
      `The steps are not nested: ${formatCount(buyersWithoutInterest)} buyers never faved or carted, so the share of fav-or-cart users ` +
      `who never bought is larger: ${formatShare(funnel.interestNoBuyShare)} (${formatCount(funnel.interestNoBuy)} users), the group to win back.`,
  );

  // --- RFM: the report's 4/4 view -------------------------------------------------------------------------
  const rfmClaim = claim('taobao.rfm');
  const vip = segment(rfm44, 'recentFrequent');
  const potential = segment(rfm44, 'recentInfrequent');
  const wake = segment(rfm44, 'lapsedFrequent');
  const dynamicVip = segment(report.rfm, 'recentFrequent');
  const refVipUsers = claimNumber(rfmClaim, 'vipUserShare');
  const refVipBuys = claimNumber(rfmClaim, 'vipBuyShare');
  add(
    'taobao.rfm',
    `${formatShare(refVipUsers)} of buyers, ${formatShare(refVipBuys)} of orders (R ≤ ${claimNumber(rfmClaim, 'recency')}, F ≥ ${claimNumber(rfmClaim, 'frequency')})`,
    `${formatShare(vip.userShare)} of buyers, ${formatShare(vip.buyShare)} of purchases (same thresholds)`,
    near(vip.userShare, refVipUsers, 0.03) && near(vip.buyShare, refVipBuys, 0.03),
    `Same definition, ${formatPoints(vip.userShare - refVipUsers)} and ${formatPoints(vip.buyShare - refVipBuys)}. ` +
      `The report calls its thresholds dynamic but states fixed ones; ecomlab's dynamic view uses the means over buyers ` +
      `(R ≤ ${report.rfm.thresholds.recency.toFixed(2)}, F ≥ ${report.rfm.thresholds.frequency.toFixed(2)}), where the same segment is ` +
      `${formatShare(dynamicVip.userShare)} of buyers with ${formatShare(dynamicVip.buyShare)} of purchases.`,
  );
  const potentialClaim = claim('taobao.rfmPotential');
  add(
    'taobao.rfmPotential',
    `${formatShare(claimNumber(potentialClaim, 'userShare'))} of buyers, ${formatShare(claimNumber(potentialClaim, 'buyShare'))} of orders`,
    `${formatShare(potential.userShare)} of buyers, ${formatShare(potential.buyShare)} of purchases`,
    near(potential.userShare, claimNumber(potentialClaim, 'userShare'), 0.03),
    `R ≤ 4 and F < 4 in both. ${formatPoints(potential.userShare - claimNumber(potentialClaim, 'userShare'))} in buyers: ` +
      `the split between F < 4 and F ≥ 4 follows the purchases-per-buyer distribution, ${(rfm44.totalBuys / Math.max(1, rfm44.buyers)).toFixed(2)} here` +
      (fullLog
        ? ` and ${(fullLog.behaviors.buy.events / fullLog.behaviors.buy.users).toFixed(2)} in the full log.`
        : '.'),
  );
  const wakeClaim = claim('taobao.rfmWakeUp');
  add(
    'taobao.rfmWakeUp',
    `${formatShare(claimNumber(wakeClaim, 'userShare'))} of buyers, ${claimNumber(wakeClaim, 'buysPerUser').toFixed(1)} orders each`,
    `${formatShare(wake.userShare)} of buyers, ${wake.buysPerUser.toFixed(1)} purchases each`,
    near(wake.userShare, claimNumber(wakeClaim, 'userShare'), 0.005),
    `Lapsed (R > 4) but frequent (F ≥ 4) buyers. Their share depends on how many buyers stop buying before the last four days: ` +
      `${formatShare(wake.userShare)} here against ${formatShare(claimNumber(wakeClaim, 'userShare'))}` +
      (generated
        ? "; the generator spreads each buyer's purchases over their active days, so few frequent buyers lapse."
        : '.'),
  );
  const moreClaim = claim('taobao.oneMorePurchase');
  const refMore = claimNumber(moreClaim, 'userShare');
  const oneMorePurchase = {
    potentialBuyers: potential.users,
    potentialShare: potential.userShare,
    uplift: rfm44.totalBuys > 0 ? potential.users / rfm44.totalBuys : 0,
    reportShareUplift: rfm44.totalBuys > 0 ? (refMore * rfm44.buyers) / rfm44.totalBuys : 0,
  };
  add(
    'taobao.oneMorePurchase',
    `${formatShare(refMore, 0)} of buyers, +1 purchase each`,
    `+${formatShare(oneMorePurchase.uplift)} purchases (${formatCount(potential.users)} potential customers, ${formatShare(potential.userShare)} of buyers)`,
    near(potential.userShare, refMore, 0.03),
    `The report's ${formatShare(refMore, 0)} is not one of its segment shares (potential customers are ${formatShare(claimNumber(potentialClaim, 'userShare'))}). ` +
      `One more purchase from each potential customer adds ${formatShare(oneMorePurchase.uplift)} to all purchases here; ` +
      `from ${formatShare(refMore, 0)} of buyers it would add ${formatShare(oneMorePurchase.reportShareUplift)}` +
      (fullLog
        ? ` (full log: ${formatShare(refMore, 0)} × ${formatCount(fullLog.behaviors.buy.users)} buyers / ${formatCount(fullLog.behaviors.buy.events)} purchases = +${formatShare((refMore * fullLog.behaviors.buy.users) / fullLog.behaviors.buy.events)}).`
        : '.'),
  );

  // --- retention --------------------------------------------------------------------------------------------
  const retClaim = claim('taobao.retention');
  const headline = report.retention.headline;
  const days = overview.window.days;
  const rate = headline.rate;
  let peak = 1;
  for (let k = 2; k < rate.length; k++) if ((rate[k] as number) > (rate[peak] as number)) peak = k;
  let upturn = -1;
  for (let k = 2; k < rate.length - 1 && upturn < 0; k++)
    if ((rate[k] as number) < (rate[k + 1] as number) && (rate[k] as number) <= (rate[k - 1] as number))
      upturn = k + 1;
  const refPeakRate = claimNumber(retClaim, 'peakRate');
  const last = rate.length - 1;
  const dec2 = fullLog?.days.find((d) => d.date === String(retClaim.values.peakDate));
  const dec3 = fullLog?.days.find((d) => d.date === String(retClaim.values.truncatedDate));
  const firstDay = fullLog?.days[0];
  const lowerBound =
    fullLog && dec2 && firstDay ? (firstDay.uv - (fullLog.users - dec2.uv)) / firstDay.uv : undefined;
  add(
    'taobao.retention',
    `up from ${String(retClaim.values.upturnDate)}, peak ${formatShare(refPeakRate, 0)} on ${String(retClaim.values.peakDate)}, drop on ${String(retClaim.values.truncatedDate)} (truncation)`,
    headline.users > 0 && rate.length > 2
      ? `${upturn > 0 ? `up from ${days[upturn]}` : 'no upturn'}, peak ${formatShare(rate[peak] as number)} on ${days[peak]}, ${formatShare(rate[last] as number)} on ${days[last]}`
      : 'no first-day cohort',
    headline.users > 0 &&
      near(rate[peak] as number, refPeakRate, 0.03) &&
      days[peak] === retClaim.values.peakDate,
    headline.users > 0 && rate.length > 2
      ? `The first-day cohort (${formatCount(headline.users)} users of ${headline.date}) ` +
          (upturn > 0 ? `turns up on ${days[upturn]} (${weekdayOfDate(days[upturn]!)}) ` : 'has no upturn ') +
          `and peaks on ${days[peak]} at ${formatShare(rate[peak] as number)}.` +
          (lowerBound !== undefined && dec2 && dec3
            ? ` The report's ${formatShare(refPeakRate, 0)} cannot come from this definition on the full log: ${formatCount(dec2.uv)} of ` +
              `${formatCount(fullLog!.users)} users were active on ${dec2.date}, so at least ${formatShare(lowerBound)} of the ` +
              `${formatCount(firstDay!.uv)} users of ${firstDay!.date} were. Nor is the last day truncated there: ${formatCount(dec3.uv)} ` +
              `users on ${dec3.date} against ${formatCount(dec2.uv)} the day before, so a drop must come from the report's own ` +
              `processing; one candidate is dates taken in UTC, which leave the last day with 16 hours (the log ends at 16:00 UTC).`
            : '')
      : 'No user was active on the first day of the window.',
  );

  // --- hourly -------------------------------------------------------------------------------------------------
  const hourlyClaim = claim('taobao.hourly');
  const trafficPeak = report.hourly.reduce((a, b) => (b.pv > a.pv ? b : a), report.hourly[0]!);
  const conversionPeak = report.hourly.reduce(
    (a, b) => (b.conversion > a.conversion ? b : a),
    report.hourly[0]!,
  );
  const refTraffic = claimNumber(hourlyClaim, 'trafficPeakHour');
  const refConv = claimNumber(hourlyClaim, 'conversionPeakHour');
  const refAbove = claimNumber(hourlyClaim, 'conversionPeakAbove');
  const hourlyAgrees =
    trafficPeak.hour === refTraffic &&
    conversionPeak.hour === refConv &&
    conversionPeak.conversion > refAbove;
  add(
    'taobao.hourly',
    `traffic ${refTraffic}:00, conversion ${refConv}:00 above ${formatShare(refAbove, 0)}`,
    `traffic ${trafficPeak.hour}:00, conversion ${conversionPeak.hour}:00 at ${formatShare(conversionPeak.conversion)}`,
    hourlyAgrees,
    (hourlyAgrees
      ? 'Traffic and conversion peak at different hours, as in the report. '
      : 'The peaks differ from the report. ') +
      `Conversion here is buyers / active users of the hour over all days; the report does not define its rate. ` +
      (generated
        ? "The generator's hourly buy propensity was calibrated to these two published figures, the only public hourly ones for the full log, so agreement here is by construction, not evidence: run this notebook on the full file to test it."
        : `Computed from ${fileKind}.`),
  );

  // --- calibration table ------------------------------------------------------------------------------------
  const calibration: BehaviorStory['calibration'] = [];
  if (fullLog) {
    const push = (figure: string, thisFile: number, full: number): void => {
      calibration.push({ figure, thisFile, fullLog: full, relative: full !== 0 ? thisFile / full - 1 : NaN });
    };
    const users = Math.max(1, overview.users);
    const rows = Math.max(1, overview.rows);
    for (const day of fullLog.days) {
      const mine = report.daily.find((d) => d.date === day.date);
      if (!mine) continue;
      push(`users active on ${day.date} (share of users)`, mine.activeUsers / users, day.uv / fullLog.users);
      push(`page views on ${day.date} (share of rows)`, mine.pv / rows, day.pv / fullLog.rows);
    }
    for (const behavior of ['pv', 'fav', 'cart', 'buy'] as const)
      push(
        `${behavior} events (share of rows)`,
        overview.events[behavior] / rows,
        fullLog.behaviors[behavior].events / fullLog.rows,
      );
    push(
      'users with a page view (share of users)',
      funnel.pvUsers / users,
      fullLog.behaviors.pv.users / fullLog.users,
    );
    push('buyers (share of users)', funnel.buyers / users, fullLog.behaviors.buy.users / fullLog.users);
  }

  return {
    comparisons,
    funnel: { uvConversion, stepLoss, buyersWithoutInterest },
    longTail,
    oneMorePurchase,
    hourly: {
      trafficPeak: { hour: trafficPeak.hour, pv: trafficPeak.pv, conversion: trafficPeak.conversion },
      conversionPeak: {
        hour: conversionPeak.hour,
        pv: conversionPeak.pv,
        conversion: conversionPeak.conversion,
      },
    },
    calibration,
  };
}
