import { hyp2f1, lnBeta, lnGamma } from '../../lib/ltv';

// Golden values: Python's math.lgamma (/usr/bin/python3 -c "import math; print(repr(math.lgamma(x)))")
// and scipy.special.hyp2f1.
describe('lnGamma / lnBeta / hyp2f1', () => {
  test('lnGamma matches math.lgamma to 1e-14 relative (or 1e-15 absolute)', () => {
    const cases: [number, number][] = [
      [1e-8, 18.42068073818021],
      [0.1, 2.2527126517342055],
      [0.242593, 1.319815984069629],
      [0.5, 0.5723649429247004],
      [1, 0],
      [1.5, -0.12078223763524543],
      [2.5, 0.2846828704729196],
      [5, 3.178053830347945],
      [10, 12.801827480081467],
      [33.3, 82.60372358165495],
      [1000, 5905.220423209181],
      [1e5, 1051287.7089736566],
    ];
    for (const [x, expected] of cases) {
      expect(Math.abs(lnGamma(x) - expected)).toBeLessThanOrEqual(
        Math.max(1e-15, 1e-14 * Math.abs(expected)),
      );
    }
    expect(() => lnGamma(0)).toThrow(/invalid lnGamma argument: 0/);
    expect(() => lnGamma(-1)).toThrow(/invalid lnGamma argument: -1/);
  });

  test('lnBeta and hyp2f1 closed forms', () => {
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 14);
    // scipy.special.hyp2f1(0.242593, 2.425752, 2.218638, 0.946449) = 2.3870239608198136
    expect(hyp2f1(0.242593, 2.425752, 2.218638, 0.946449)).toBeCloseTo(2.3870239608198136, 10);
    expect(hyp2f1(1, 2, 3, 0)).toBe(1);
    expect(() => hyp2f1(1, 1, 1, 1)).toThrow(/invalid hyp2f1 z: 1/);
  });
});
