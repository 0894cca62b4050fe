/**
 * Small hand-made report fixtures for the chart tests. Numbers are consistent by construction (shares = counts /
 * totals computed here), so the charts can be checked against them.
 */
import type { BehaviorReport, RetentionCohort } from '../../lib/behavior/types';
import type { LtvSegmentRow } from '../../lib/ltv/types';
import type { CustomerPoint } from '../../lib/charts';

const categoryBuys = [50, 20, 10, 8, 5, 4, 2, 1];
const totalBuys = categoryBuys.reduce((a, b) => a + b, 0);
let running = 0;
const ranking = categoryBuys.map((buys, index) => {
  running += buys;
  return {
    rank: index + 1,
    categoryId: 100 + index,
    buys,
    share: buys / totalBuys,
    cumulativeShare: index === categoryBuys.length - 1 ? 1 : running / totalBuys,
  };
});

function cohort(date: string, active: number[]): RetentionCohort {
  return { date, users: active[0]!, active, rate: active.map((value) => value / active[0]!) };
}

const cohorts = [
  cohort('2017-11-25', [40, 30, 28, 25]),
  cohort('2017-11-26', [10, 7, 6]),
  cohort('2017-11-27', [5, 2]),
  cohort('2017-11-28', [3]),
];

const hourlyPv = [
  30, 20, 10, 5, 4, 5, 10, 20, 40, 50, 55, 60, 58, 56, 57, 60, 62, 66, 70, 80, 95, 100, 90, 60,
];

export const behaviorReport: BehaviorReport = {
  overview: {
    linesRead: 1001,
    headerLines: 0,
    rows: 1000,
    rejected: 1,
    rejectedByReason: { blank: 0, fieldCount: 1, badInteger: 0, unknownBehavior: 0, outOfWindow: 0 },
    rejectSamples: [{ line: 17, reason: 'fieldCount', text: '1,2,3' }],
    users: 58,
    items: 300,
    categories: 12,
    events: { pv: 1024, fav: 30, cart: 50, buy: 100 },
    window: {
      from: '2017-11-25',
      to: '2017-11-28',
      utcOffset: '+08:00',
      days: ['2017-11-25', '2017-11-26', '2017-11-27', '2017-11-28'],
      startSeconds: 1511539200,
      endSeconds: 1511884800,
    },
  },
  daily: [],
  hourly: hourlyPv.map((pv, hour) => {
    const activeUsers = Math.max(1, Math.round(pv / 4));
    const buyers = Math.round(activeUsers * (0.1 + (hour % 5) / 50));
    return { hour, pv, activeUsers, buyers, buys: buyers, conversion: buyers / activeUsers };
  }),
  pareto: {
    totalBuys,
    categoriesWithBuys: categoryBuys.length,
    k80: 3,
    share80: 3 / categoryBuys.length,
    ranking,
  },
  funnel: {
    users: 58,
    pvUsers: 57,
    interestUsers: 30,
    buyers: 40,
    interestNoBuy: 6,
    interestNoBuyShare: 6 / 30,
    userConversion: 40 / 58,
    events: { pv: 1024, interest: 80, buy: 100 },
    eventRates: { pvToInterest: 80 / 1024, interestToBuy: 100 / 80, pvToBuy: 100 / 1024 },
    userRates: { pvToInterest: 30 / 57, interestToBuy: 40 / 30, pvToBuy: 40 / 57 },
  },
  rfm: {
    buyers: 40,
    totalBuys: 100,
    thresholds: { recency: 1.5, frequency: 2.5, dynamic: true },
    meanRecency: 1.5,
    meanFrequency: 2.5,
    segments: [
      {
        segment: 'recentFrequent',
        label: 'Important value customers',
        labelZh: '重要价值客户',
        users: 10,
        userShare: 0.25,
        buys: 50,
        buyShare: 0.5,
        buysPerUser: 5,
      },
      {
        segment: 'recentInfrequent',
        label: 'Development customers',
        labelZh: '重要发展客户',
        users: 15,
        userShare: 0.375,
        buys: 20,
        buyShare: 0.2,
        buysPerUser: 20 / 15,
      },
      {
        segment: 'lapsedFrequent',
        label: 'Retention customers',
        labelZh: '重要保持客户',
        users: 5,
        userShare: 0.125,
        buys: 20,
        buyShare: 0.2,
        buysPerUser: 4,
      },
      {
        segment: 'lapsedInfrequent',
        label: 'Re-engagement customers',
        labelZh: '重要挽留客户',
        users: 10,
        userShare: 0.25,
        buys: 10,
        buyShare: 0.1,
        buysPerUser: 1,
      },
    ],
  },
  retention: { cohorts, headline: cohorts[0]! },
  // Engagement with no daily rows (this fixture has none); the report's RFM view left empty of buyers.
  engagement: {
    pvPerUser: 0,
    pvPerUserPerDay: 0,
    pvPerActiveUserDay: 0,
    activeDaysPerUser: 0,
    days: [],
    returning: [],
  },
  rfmReportView: {
    buyers: 0,
    totalBuys: 0,
    thresholds: { recency: 4, frequency: 4, dynamic: false },
    meanRecency: 0,
    meanFrequency: 0,
    segments: [],
  },
};

export const ltvSegments: LtvSegmentRow[] = [
  {
    segment: 'importantValue',
    label: 'Important value',
    labelZh: '重要价值客户',
    customers: 10,
    meanAverageOrderValue: 400,
    meanPurchasesPerYear: 12,
    meanLtv: 4800.4,
    totalLtv: 48004,
    meanClv: 3900.25,
  },
  {
    segment: 'importantDevelopment',
    label: 'Important development',
    labelZh: '重要发展客户',
    customers: 20,
    meanAverageOrderValue: 300,
    meanPurchasesPerYear: 3,
    meanLtv: 900,
    totalLtv: 18000,
    meanClv: 700.5,
  },
  {
    segment: 'generalValue',
    label: 'General value',
    labelZh: '一般价值客户',
    customers: 0,
    meanAverageOrderValue: NaN,
    meanPurchasesPerYear: NaN,
    meanLtv: NaN,
    totalLtv: 0,
    meanClv: NaN,
  },
  {
    segment: 'generalReengagement',
    label: 'General re-engagement',
    labelZh: '一般挽留客户',
    customers: 30,
    meanAverageOrderValue: 100,
    meanPurchasesPerYear: 1,
    meanLtv: 100,
    totalLtv: 3000,
    meanClv: 42,
  },
];

const segmentNames = [
  ['importantValue', 'Important value'],
  ['generalDevelopment', 'General development'],
  ['generalReengagement', 'General re-engagement'],
] as const;

export const customerPoints: CustomerPoint[] = Array.from({ length: 30 }, (_, index) => {
  const [segment, segmentLabel] = segmentNames[index % 3]!;
  return {
    customerId: String(12000 + index),
    recency: (index * 7) % 300,
    frequency: 1 + (index % 9),
    monetary: 100 + index * 35.5,
    rScore: 1 + (index % 5),
    fScore: 1 + ((index * 3) % 5),
    mScore: 1 + ((index * 2) % 5),
    segment,
    segmentLabel,
    ltv: 50 + index * 10,
    churnProbability: (index % 10) / 10,
  };
});
