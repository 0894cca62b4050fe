import { stratifiedSplit, take } from '../../lib/sample';

describe('stratifiedSplit', () => {
  const y = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 300 ones, 700 zeros

  it('puts every row in exactly one part and keeps class shares', () => {
    const { train, test } = stratifiedSplit(y, { testSize: 0.3, seed: 1 });
    expect(train.length + test.length).toBe(1000);
    expect(new Set([...train, ...test]).size).toBe(1000);
    expect(test.filter((i) => y[i] === 1).length).toBe(90);
    expect(test.filter((i) => y[i] === 0).length).toBe(210);
    expect(train).toEqual([...train].sort((a, b) => a - b));
  });

  it('does not mutate its input', () => {
    const frozen = Object.freeze([...y]);
    expect(stratifiedSplit(frozen, { seed: 3 })).toEqual(stratifiedSplit(y, { seed: 3 }));
  });

  it('is seeded', () => {
    expect(stratifiedSplit(y, { seed: 9 })).toEqual(stratifiedSplit(y, { seed: 9 }));
    expect(stratifiedSplit(y, { seed: 9 }).test).not.toEqual(stratifiedSplit(y, { seed: 10 }).test);
  });

  it('rejects bad options and labels', () => {
    expect(() => stratifiedSplit(y, { testSize: 1 })).toThrow(/invalid testSize: 1/);
    expect(() => stratifiedSplit([0, 2, 1])).toThrow(/invalid y: row 1 is 2, expected 0 or 1/);
  });

  it('take picks by index and checks bounds', () => {
    expect(take(['a', 'b', 'c'], [2, 0])).toEqual(['c', 'a']);
    expect(() => take(['a'], [3])).toThrow(/invalid index: 3/);
  });
});
