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
  const got: number[] = [];
  const want: number[] = [];
  for (const [key, value] of keys(60_000)) {
    day = (day * 31 + 7) % 1000;
    counts.add(key, 1);
    mins.min(key, day);
    got.push(ids.idOf(key));
    sums.add(key, value);
    const r = ref.get(key) ?? { count: 0, min: Infinity, id: ref.size, sum: 0 };
    r.count++;
    r.min = Math.min(r.min, day);
    r.sum += value;
    ref.set(key, r);
    want.push(r.id);
  }
  expect(got).toEqual(want);
  const sorted = sums.sorted();
  expect(sums.size).toBe(ref.size);
  expect([...sorted.keys]).toEqual([...ref.keys()].sort((a, b) => a - b));
  const rows = (f: (key: number, k: number) => number[]) => [...sorted.keys].map(f);
  expect(rows((key, k) => [sorted.values[k]!, counts.get(key), mins.get(key)])).toEqual(
    rows((key) => [ref.get(key)!.sum, ref.get(key)!.count, ref.get(key)!.min]), // same summation order
  );
  expect(counts.get(12345)).toBeNaN();
});
