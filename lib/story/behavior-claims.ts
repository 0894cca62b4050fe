/**
 * The Taobao report's claims, one function per section of the report (size, Pareto and the long tail, pages
 * per user, funnel, RFM, retention, hourly), each recording its comparisons and returning the analyses the
 * report states without a table. {@link behaviorStory} calls them in the report's order.
 */
import { weekdayOfDate } from '../behavior/engagement';
import type { BehaviorReport, BehaviorRfm, RfmSegmentKey, RfmSegmentRow } from '../behavior/types';
import { DataError } from '../errors';
import type { BehaviorStory } from './behavior-story';
import { claimNumber } from './claims';
import { near, type ClaimRecorder } from './comparisons';
import { formatCount, formatPoints, formatShare } from './format';
import type { FullLogAggregates } from './load-story-data';

/** What every section reads: the report, the recorder, the full log's aggregates (optional), the file kind. */
export interface BehaviorClaimContext extends ClaimRecorder {
  report: BehaviorReport;
  fullLog: FullLogAggregates | undefined;
  generated: boolean;
  /** 'this file' or 'this generated file' (for the notes). */
  fileKind: string;
}

function segment(rfm: BehaviorRfm, key: RfmSegmentKey): RfmSegmentRow {
  const row = rfm.segments.find((s) => s.segment === key);
  if (!row) throw new DataError(`invalid rfm: missing segment ${key}`, { value: key });
  return row;
}

/** `taobao.rows`: the file's size against the full log's. */
export function sizeClaim({ report, claim, add, fileKind }: BehaviorClaimContext): void {
  const { overview } = report;
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
}

/** `taobao.pareto` and `taobao.longTail`: the categories that reach 80 % of purchases, and what the tail holds. */
export function paretoClaims({
  report,
  claim,
  add,
  generated,
}: BehaviorClaimContext): BehaviorStory['longTail'] {
  const { pareto } = report;
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
  return longTail;
}

/** `taobao.pagesPerUser`: page views per user, over the window and per active day. */
export function pagesClaim({ report, claim, add, fullLog }: BehaviorClaimContext): void {
  const { overview } = report;
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
}

/** `taobao.uvConversion` and `taobao.interestLoss`: the user funnel and why its steps are not nested. */
export function funnelClaims({ report, claim, add, fullLog }: BehaviorClaimContext): BehaviorStory['funnel'] {
  const { funnel } = report;
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
  return { uvConversion, stepLoss, buyersWithoutInterest };
}

/** `taobao.rfm`, `.rfmPotential`, `.rfmWakeUp`, `.oneMorePurchase`: the report's R ≤ 4 / F ≥ 4 view and its sizing. */
export function rfmClaims(
  { report, claim, add, fullLog, generated }: BehaviorClaimContext,
  rfm44: BehaviorRfm,
): BehaviorStory['oneMorePurchase'] {
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
  return oneMorePurchase;
}

/** `taobao.retention`: the first-day cohort's curve, and what the full log says about the report's figure. */
export function retentionClaim({ report, claim, add, fullLog }: BehaviorClaimContext): void {
  const { overview } = report;
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
}

/** `taobao.hourly`: the traffic peak and the conversion peak. */
export function hourlyClaim({
  report,
  claim,
  add,
  generated,
  fileKind,
}: BehaviorClaimContext): BehaviorStory['hourly'] {
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
  return {
    trafficPeak: { hour: trafficPeak.hour, pv: trafficPeak.pv, conversion: trafficPeak.conversion },
    conversionPeak: {
      hour: conversionPeak.hour,
      pv: conversionPeak.pv,
      conversion: conversionPeak.conversion,
    },
  };
}

/** This file against the full log's aggregates, as shares (empty without `fullLog`). */
export function calibrationTable(
  report: BehaviorReport,
  fullLog: FullLogAggregates | undefined,
): BehaviorStory['calibration'] {
  const { overview, funnel } = report;
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
  return calibration;
}
