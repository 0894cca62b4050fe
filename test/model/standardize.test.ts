import { fitStandardScaler, transform } from '../../lib/model';

describe('fitStandardScaler / transform', () => {
  it('matches the population mean and standard deviation (sklearn StandardScaler)', () => {
    const X = [
      [1, 10, 5],
      [2, 20, 5],
      [3, 60, 5],
      [6, 10, 5],
    ];
    const s = fitStandardScaler(X);
    expect(s.mean).toEqual([3, 25, 5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt((4 + 1 + 0 + 9) / 4), 12);
    expect(s.scale[1]).toBeCloseTo(Math.sqrt((225 + 25 + 1225 + 225) / 4), 12);
    expect(s.scale[2]).toBe(1); // constant column
    const Z = transform(s, X);
    for (let j = 0; j < 2; j++) {
      const col = Z.map((r) => r[j]!);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(col.reduce((a, b) => a + b * b, 0) / col.length).toBeCloseTo(1, 12);
    }
    expect(Z.map((r) => r[2])).toEqual([0, 0, 0, 0]);
  });

  it('applies the training statistics to other rows (fit on train only)', () => {
    const s = fitStandardScaler([[0], [2]]);
    expect(Array.from(transform(s, [[4]])[0]!)).toEqual([3]);
  });

  it('checks kind and width', () => {
    const s = fitStandardScaler([[0, 1]]);
    expect(() => transform(s, [[1]])).toThrow(/invalid X: row 0 has 1 columns, expected 2/);
    expect(() => transform({ ...s, kind: 'x' } as never, [[1, 2]])).toThrow(/invalid model: kind "x"/);
    expect(() => fitStandardScaler([])).toThrow(/invalid X: expected a non-empty array/);
  });
});
