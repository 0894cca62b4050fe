import { NumMap, PAIR_SHIFT, SumMap } from '../../lib/retail/num-map';

/** Seeded pseudo-random (customer, value) keys: many repeats, growth from the smallest table. */
function* keys(n: number): Generator<[number, number]> {
  let x = 1;
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    yield [(x % 5000) * PAIR_SHIFT + (x % 977), (x % 1000) / 7];
  }
}

test('NumMap add/min/idOf and SumMap agree with a Map through every growth', () => {
  const counts = new NumMap(1);
  const mins = new NumMap(1);
  const ids = new NumMap(1);
  const sums = new SumMap(1);
  const ref = new Map<number, { count: number; min: number; id: number; sum: number }>();
  let day = 0;
  for (const [key, value] of keys(200_000)) {
    day = (day * 31 + 7) % 1000;
    counts.add(key, 1);
    mins.min(key, day);
    const id = ids.idOf(key);
    sums.add(key, value);
    const r = ref.get(key) ?? { count: 0, min: Infinity, id: ref.size, sum: 0 };
    r.count++;
    r.min = Math.min(r.min, day);
    r.sum += value;
    ref.set(key, r);
    expect(id).toBe(r.id);
  }
  const sorted = sums.sorted();
  expect(sums.size).toBe(ref.size);
  expect([...sorted.keys]).toEqual([...ref.keys()].sort((a, b) => a - b));
  sorted.keys.forEach((key, k) => {
    const r = ref.get(key)!;
    expect(sorted.values[k]).toBe(r.sum); // same summation order
    expect(counts.get(key)).toBe(r.count);
    expect(mins.get(key)).toBe(r.min);
  });
  expect(counts.get(12345)).toBeNaN();
});
