/**
 * The claims file and the full-log aggregates: parsing, lookup, error messages naming the field, and the
 * reference figures the notebooks must show.
 */
import * as path from 'node:path';
import {
  claimNumber,
  claimOf,
  loadFullLogAggregates,
  loadReportClaims,
  parseReportClaims,
} from '../../lib/story';

const ROOT = path.join(__dirname, '..', '..');
const claims = loadReportClaims(path.join(ROOT, 'data', 'reports', 'claims.json'));

describe('data/reports/claims.json', () => {
  test('every claim names a known report, a section and a quote', () => {
    expect(Object.keys(claims.reports).sort()).toEqual(['lifecycle', 'taobao']);
    for (const claim of claims.claims) {
      expect(claims.reports[claim.report]).toBeDefined();
      expect(claim.section.length).toBeGreaterThan(3);
      expect(claim.quote.length).toBeGreaterThan(5);
    }
  });

  test('the reference figures of issue 13 are there, with the report section they come from', () => {
    const figures: Array<[string, string, number, RegExp]> = [
      ['taobao.uvConversion', 'uvConversion', 0.683, /^3\.2 /],
      ['taobao.interestLoss', 'interestLoss', 0.218, /^3\.2 /],
      ['taobao.pareto', 'share80', 0.097, /^3\.1 /],
      ['taobao.rfm', 'vipUserShare', 0.256, /^3\.3 /],
      ['taobao.rfm', 'vipBuyShare', 0.544, /^3\.3 /],
      ['taobao.retention', 'peakRate', 0.86, /^3\.4 /],
      ['lifecycle.recall', 'recallBefore', 0.24, /^5\.2 /],
      ['lifecycle.recall', 'recallAfter', 0.72, /^5\.2 /],
    ];
    for (const [id, name, value, section] of figures) {
      const claim = claimOf(claims, id);
      expect([id, claimNumber(claim, name)]).toEqual([id, value]);
      expect(claim.section).toMatch(section);
    }
  });

  test('malformed claims fail naming the field', () => {
    const reports = { r: { file: 'r.md', title: 'R', data: 'd' } };
    const good = { id: 'a', report: 'r', section: 's', quote: 'q', summary: 'x', values: { v: 1 } };
    expect(parseReportClaims({ reports, claims: [good] }).claims[0]!.values.v).toBe(1);
    expect(() => parseReportClaims({ reports, claims: [{ ...good, section: '' }] }, 'c.json')).toThrow(
      /c\.json: invalid claims\[0\]\.section: ""/,
    );
    expect(() => parseReportClaims({ reports, claims: [{ ...good, report: 'zz' }] })).toThrow(
      /invalid claims\[0\]\.report: "zz"/,
    );
    expect(() => parseReportClaims({ reports, claims: [good, good] })).toThrow(/duplicate/);
    expect(() => parseReportClaims({ reports, claims: [{ ...good, values: { v: null } }] })).toThrow(
      /invalid claims\[0\]\.values\.v: null/,
    );
    expect(() => claimOf(claims, 'nope')).toThrow(/invalid claim id: "nope"/);
    expect(() => claimNumber(claimOf(claims, 'taobao.retention'), 'peakDate')).toThrow(
      /invalid taobao\.retention\.values\.peakDate: "2017-12-02"/,
    );
    expect(() => loadReportClaims(path.join(ROOT, 'missing.json'))).toThrow(/missing\.json: cannot read/);
  });
});

describe('data/taobao-full-aggregates', () => {
  test('the published full-log figures, as PROVENANCE.md checks them', () => {
    const full = loadFullLogAggregates(path.join(ROOT, 'data', 'taobao-full-aggregates'));
    expect(full.rows).toBe(100150807);
    expect(full.users).toBe(987991);
    expect(full.days.map((d) => d.date)).toEqual([
      '2017-11-25',
      '2017-11-26',
      '2017-11-27',
      '2017-11-28',
      '2017-11-29',
      '2017-11-30',
      '2017-12-01',
      '2017-12-02',
      '2017-12-03',
    ]);
    expect(full.days.reduce((a, d) => a + d.pv, 0)).toBe(89660671);
    expect(full.days[7]).toEqual({ date: '2017-12-02', pv: 12329641, uv: 970401, buyers: 174487 });
    expect(full.behaviors.buy).toEqual({ events: 2015839, users: 672404 });
    // The report's 68.3 % "UV conversion" is buyers / page-viewing users.
    expect((full.behaviors.buy.users / full.behaviors.pv.users).toFixed(3)).toBe('0.683');
  });
});
