/**
 * The Taobao story: computed comparisons on golden reports (DuckDB fixtures), hand-checked derived figures,
 * and the sentences that explain differences.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BehaviorReport } from '../../lib/behavior/types';
import { behaviorStory, loadFullLogAggregates, loadReportClaims } from '../../lib/story';

const ROOT = path.join(__dirname, '..', '..');
const claims = loadReportClaims(path.join(ROOT, 'data', 'reports', 'claims.json'));
const fullLog = loadFullLogAggregates(path.join(ROOT, 'data', 'taobao-full-aggregates'));
const fixture = (name: string): BehaviorReport =>
  (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'behavior', name), 'utf8')) as {
      report: BehaviorReport;
    }
  ).report;

describe('behaviorStory on the real time slice (golden DuckDB reports)', () => {
  const report = fixture('slice.report.json');
  const reportRfm = fixture('slice.rfm44.report.json').rfm;
  const story = behaviorStory(report, claims, { fullLog, reportRfm });
  const note = (id: string) => story.comparisons.find((c) => c.id === id)!;

  test('one comparison per Taobao claim, each with the source section and a sentence', () => {
    expect(story.comparisons.map((c) => c.id)).toEqual(
      claims.claims.filter((c) => c.report === 'taobao').map((c) => c.id),
    );
    for (const c of story.comparisons) {
      expect(c.source).toMatch(/^taobao-user-behavior-report\.md, section \d/);
      expect(c.note.length).toBeGreaterThan(20);
      expect(c.note).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  test('the funnel is not nested: buyers without fav or cart, and both loss definitions', () => {
    const f = report.funnel;
    expect(story.funnel.buyersWithoutInterest).toBe(f.buyers - (f.interestUsers - f.interestNoBuy));
    expect(story.funnel.buyersWithoutInterest).toBeGreaterThan(0);
    expect(story.funnel.stepLoss).toBeCloseTo(1 - f.buyers / f.interestUsers, 12);
    expect(note('taobao.interestLoss').note).toContain(
      `${story.funnel.buyersWithoutInterest.toLocaleString('en-US')} buyers never faved or carted`,
    );
    expect(note('taobao.uvConversion').note).toContain('672,404 / 984,114 = 68.3%');
  });

  test("the report's view: segments at R <= 4, F >= 4, and the one-more-purchase sizing", () => {
    const potential = reportRfm.segments.find((s) => s.segment === 'recentInfrequent')!;
    expect(story.oneMorePurchase.potentialBuyers).toBe(potential.users);
    expect(story.oneMorePurchase.uplift).toBeCloseTo(potential.users / reportRfm.totalBuys, 12);
    // Full log: 0.56 x 672,404 buyers / 2,015,839 purchases = +18.7 %.
    expect(note('taobao.oneMorePurchase').note).toContain('+18.7%');
  });

  test('retention: the full log bounds the first cohort on Dec 2 at 97.5 % and shows no truncation', () => {
    expect(note('taobao.retention').note).toBe('No user was active on the first day of the window.');
    const tail = fixture('tail.report.json');
    const tailStory = behaviorStory(tail, claims, {
      fullLog,
      reportRfm: fixture('tail.rfm44.report.json').rfm,
    });
    const text = tailStory.comparisons.find((c) => c.id === 'taobao.retention')!.note;
    expect(text).toContain(`The first-day cohort (${tail.retention.headline.users} users of 2017-11-25)`);
    expect(text).toContain('at least 97.5% of the 706,641 users of 2017-11-25');
    expect(text).toContain('966,977 users on 2017-12-03 against 970,401');
  });

  test('the long tail is what the head leaves', () => {
    const p = report.pareto;
    expect(story.longTail.tailCategories).toBe(p.categoriesWithBuys - p.k80);
    expect(story.longTail.tailBuyShare).toBeCloseTo(1 - p.ranking[p.k80 - 1]!.cumulativeShare, 12);
  });

  test('calibration rows compare shares with the full log', () => {
    const row = story.calibration.find((r) => r.figure.startsWith('buyers'))!;
    expect(row.fullLog).toBeCloseTo(672404 / 987991, 12);
    expect(row.thisFile).toBeCloseTo(report.funnel.buyers / report.overview.users, 12);
  });

  test("the report's view defaults to report.rfmReportView; another view is refused rather than compared", () => {
    expect(behaviorStory(report, claims, { fullLog }).oneMorePurchase).toEqual(story.oneMorePurchase);
    expect(() => behaviorStory(report, claims, { reportRfm: report.rfm })).toThrow(
      /invalid reportRfm\.thresholds: .*\(the report's view is R <= 4, F >= 4\)/,
    );
  });
});
