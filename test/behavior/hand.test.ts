// A tiny file whose every report number was derived by hand (see the comments next to each row and value).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior/analyze';

// Window 2017-11-25..2017-11-27 at +08:00: day 0 starts at 1511539200, day 1 at 1511625600, day 2 at 1511712000.
const LINES = [
  '1,100,10,pv,1511575200', //  1: d0 10:00
  '1,101,10,cart,1511575260', // 2: d0 10:01
  '1,101,10,buy,1511578800', //  3: d0 11:00
  '2,100,10,pv,1511575320', //   4: d0 10:02
  '2,102,20,fav,1511658000', //  5: d1 09:00
  '3,103,20,pv,1511658060', //   6: d1 09:01
  '3,103,20,buy,1511658120', //  7: d1 09:02
  '3,104,30,buy,1511708400', //  8: d1 23:00
  '1,100,10,pv,1511712000', //   9: d2 00:00
  '4,105,30,cart,1511748000', // 10: d2 10:00
  '1,100,10,buy,1511748060', // 11: d2 10:01
  '1,106,40,buy,1511578801', // 12: d0 11:00:01
  '5,1,1,pv,1511798400', //     13: first second after the window -> outOfWindow
];

let file: string;
beforeAll(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-hand-')), 'hand.csv');
  fs.writeFileSync(file, LINES.join('\n') + '\n');
});
afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

const WINDOW = { from: '2017-11-25', to: '2017-11-27', utcOffset: '+08:00' };

describe('analyzeBehavior on a hand-computed file', () => {
  it('overview, daily and hourly', async () => {
    const report = await analyzeBehavior(file, WINDOW);
    const { window, ...overview } = report.overview;
    expect(overview).toEqual({
      linesRead: 13,
      headerLines: 0,
      rows: 12,
      rejected: 1,
      rejectedByReason: { blank: 0, fieldCount: 0, badInteger: 0, unknownBehavior: 0, outOfWindow: 1 },
      rejectSamples: [{ line: 13, reason: 'outOfWindow', text: '5,1,1,pv,1511798400' }],
      users: 4, // 1, 2, 3, 4
      items: 7, // 100..106
      categories: 4, // 10, 20, 30, 40
      events: { pv: 4, fav: 1, cart: 2, buy: 5 }, // pv rows 1,4,6,9; fav 5; cart 2,10; buy 3,7,8,11,12
    });
    expect(window.days).toEqual(['2017-11-25', '2017-11-26', '2017-11-27']);
    expect(report.daily).toEqual([
      { date: '2017-11-25', pv: 2, activeUsers: 2, buys: 2 }, // rows 1-4, 12: users 1, 2
      { date: '2017-11-26', pv: 1, activeUsers: 2, buys: 2 }, // rows 5-8: users 2, 3
      { date: '2017-11-27', pv: 1, activeUsers: 2, buys: 1 }, // rows 9-11: users 1, 4
    ]);
    const nonEmpty = report.hourly.filter((row) => row.activeUsers > 0);
    expect(nonEmpty).toEqual([
      { hour: 0, pv: 1, activeUsers: 1, buyers: 0, buys: 0, conversion: 0 }, // row 9
      { hour: 9, pv: 1, activeUsers: 2, buyers: 1, buys: 1, conversion: 0.5 }, // rows 5-7
      { hour: 10, pv: 2, activeUsers: 3, buyers: 1, buys: 1, conversion: 1 / 3 }, // rows 1, 2, 4, 10, 11
      { hour: 11, pv: 0, activeUsers: 1, buyers: 1, buys: 2, conversion: 1 }, // rows 3, 12
      { hour: 23, pv: 0, activeUsers: 1, buyers: 1, buys: 1, conversion: 1 }, // row 8
    ]);
    expect(report.hourly).toHaveLength(24);
  });

  it('pareto and funnel', async () => {
    const report = await analyzeBehavior(file, WINDOW);
    // buys: cat 10 rows 3, 11; cat 20 row 7; cat 30 row 8; cat 40 row 12. Ties 20/30/40 by id.
    expect(report.pareto).toEqual({
      totalBuys: 5,
      categoriesWithBuys: 4,
      k80: 3, // cumulative 2, 3, 4 of 5: 4/5 = 80% reached at rank 3
      share80: 0.75,
      ranking: [
        { rank: 1, categoryId: 10, buys: 2, share: 0.4, cumulativeShare: 0.4 },
        { rank: 2, categoryId: 20, buys: 1, share: 0.2, cumulativeShare: 0.6 },
        { rank: 3, categoryId: 30, buys: 1, share: 0.2, cumulativeShare: 0.8 },
        { rank: 4, categoryId: 40, buys: 1, share: 0.2, cumulativeShare: 1 },
      ],
    });
    expect(report.funnel).toEqual({
      users: 4,
      pvUsers: 3, // 1, 2, 3
      interestUsers: 3, // 1 (cart), 2 (fav), 4 (cart)
      buyers: 2, // 1, 3
      interestNoBuy: 2, // 2, 4
      interestNoBuyShare: 2 / 3,
      userConversion: 0.5,
      events: { pv: 4, interest: 3, buy: 5 },
      eventRates: { pvToInterest: 0.75, interestToBuy: 5 / 3, pvToBuy: 1.25 },
      userRates: { pvToInterest: 1, interestToBuy: 2 / 3, pvToBuy: 2 / 3 },
    });
  });

  it('rfm (dynamic and 4,4) and retention', async () => {
    // user 1: buys on d0, d0, d2 -> F 3, R 0; user 3: buys on d1, d1 -> F 2, R 1. Means: R 0.5, F 2.5.
    const dynamic = await analyzeBehavior(file, WINDOW);
    expect(dynamic.rfm.thresholds).toEqual({ recency: 0.5, frequency: 2.5, dynamic: true });
    expect(dynamic.rfm.meanRecency).toBe(0.5);
    expect(dynamic.rfm.meanFrequency).toBe(2.5);
    expect(
      dynamic.rfm.segments.map((s) => [s.segment, s.users, s.userShare, s.buys, s.buyShare, s.buysPerUser]),
    ).toEqual([
      ['recentFrequent', 1, 0.5, 3, 0.6, 3],
      ['recentInfrequent', 0, 0, 0, 0, 0],
      ['lapsedFrequent', 0, 0, 0, 0, 0],
      ['lapsedInfrequent', 1, 0.5, 2, 0.4, 2],
    ]);
    const fixed = await analyzeBehavior(file, { ...WINDOW, rfmThresholds: { recency: 4, frequency: 4 } });
    expect(fixed.rfm.segments[1]).toEqual({
      segment: 'recentInfrequent',
      label: 'important development customers',
      labelZh: '重要发展客户',
      users: 2,
      userShare: 1,
      buys: 5,
      buyShare: 1,
      buysPerUser: 2.5,
    });
    // first active days: user 1 d0 (active d0, d2), user 2 d0 (d0, d1), user 3 d1, user 4 d2.
    expect(dynamic.retention.cohorts).toEqual([
      { date: '2017-11-25', users: 2, active: [2, 1, 1], rate: [1, 0.5, 0.5] },
      { date: '2017-11-26', users: 1, active: [1, 0], rate: [1, 0] },
      { date: '2017-11-27', users: 1, active: [1], rate: [1] },
    ]);
    expect(dynamic.retention.headline).toEqual(dynamic.retention.cohorts[0]);
  });

  it('gives the same report for workers 1, 2 and 3 and chunk sizes 1, 7, 65,536', async () => {
    const base = await analyzeBehavior(file, WINDOW);
    for (const chunkRows of [1, 7, 65536])
      expect(await analyzeBehavior(file, { ...WINDOW, chunkRows })).toEqual(base);
    expect(await analyzeBehavior(file, { ...WINDOW, workers: 3 })).toEqual(base);
  });
});
