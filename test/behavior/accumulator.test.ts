import {
  behaviorAccumulator,
  idSetAdd,
  indexMapInsert,
  type BehaviorState,
} from '../../lib/behavior/accumulator';
import { resolveBehaviorWindow } from '../../lib/behavior/window';
import { allocBehaviorChunk, type BehaviorChunk } from '../../lib/io/behavior-parser';

/** Seeded 32-bit generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids mixing small dense values, values just around the direct/bitset limits and huge ones. */
function id(random: () => number): number {
  const pick = random();
  if (pick < 0.4) return Math.floor(random() * 5000);
  if (pick < 0.6) return 2 ** 24 - 50 + Math.floor(random() * 100);
  if (pick < 0.8) return 2 ** 27 - 50 + Math.floor(random() * 100);
  return Math.floor(random() * 4294967296);
}

const window = resolveBehaviorWindow({ from: '2017-11-01', to: '2017-12-31' }); // 61 days: two mask words

function randomChunk(random: () => number, rows: number): BehaviorChunk {
  const chunk = allocBehaviorChunk(rows);
  const span = window.endSeconds - window.startSeconds;
  for (let i = 0; i < rows; i++) {
    chunk.userId[i] = id(random);
    chunk.itemId[i] = id(random);
    chunk.categoryId[i] = id(random);
    chunk.behavior[i] = Math.floor(random() * 4);
    chunk.timestamp[i] = window.startSeconds + Math.floor(random() * span);
  }
  chunk.length = rows;
  return chunk;
}

describe('id containers', () => {
  it('indexMapInsert gives dense indexes for small and huge keys through many growths', () => {
    const state = behaviorAccumulator.init(window);
    const random = rng(7);
    const reference = new Map<number, number>();
    const mismatches: number[] = [];
    for (let i = 0; i < 60000; i++) {
      const key = id(random);
      const index = indexMapInsert(state.users, key);
      if (!reference.has(key)) reference.set(key, reference.size);
      if (index !== reference.get(key)) mismatches.push(key);
    }
    expect(mismatches).toEqual([]);
    expect(state.users.size).toBe(reference.size);
    expect(state.users.hashed).toBeGreaterThan(1000); // the hash part grew several times
  });

  it('idSetAdd counts distinct values like a Set', () => {
    const state = behaviorAccumulator.init(window);
    const random = rng(11);
    const reference = new Set<number>();
    for (let i = 0; i < 100000; i++) {
      const key = id(random);
      idSetAdd(state.items, key);
      reference.add(key);
    }
    idSetAdd(state.items, 0);
    idSetAdd(state.items, 4294967295);
    reference.add(0).add(4294967295);
    expect(state.items.size).toBe(reference.size);
  });
});

describe('behaviorAccumulator', () => {
  it('counts users, items, categories and events exactly on random data (61-day window)', () => {
    const random = rng(2017);
    const chunk = randomChunk(random, 20000);
    const state = behaviorAccumulator.add(behaviorAccumulator.init(window), chunk);
    const value = behaviorAccumulator.value(state, window.days);
    const users = new Set(chunk.userId);
    expect(value.users).toBe(users.size);
    expect(value.items).toBe(new Set(chunk.itemId).size);
    expect(value.categories).toBe(new Set(chunk.categoryId).size);
    const buys = chunk.behavior.reduce((n, code) => n + (code === 3 ? 1 : 0), 0);
    expect(value.events.buy).toBe(buys);
    // distinct active users on the last day, by brute force
    const lastDay = window.days.length - 1;
    const activeLast = new Set<number>();
    for (let i = 0; i < chunk.length; i++)
      if (Math.floor((chunk.timestamp[i]! - window.startSeconds) / 86400) === lastDay)
        activeLast.add(chunk.userId[i]!);
    expect(value.daily[lastDay]?.activeUsers).toBe(activeLast.size);
    expect(value.retentionMatrix.filter((c) => c.offset === 0).reduce((n, c) => n + c.users, 0)).toBe(
      users.size,
    );
  });

  it('merge(A, B) equals the state of A ∪ B on random data with shared users', () => {
    const random = rng(99);
    const chunks = Array.from({ length: 6 }, () => randomChunk(random, 3000));
    const whole = behaviorAccumulator.init(window);
    const a = behaviorAccumulator.init(window);
    const b = behaviorAccumulator.init(window);
    chunks.forEach((chunk, i) => {
      behaviorAccumulator.add(whole, chunk);
      behaviorAccumulator.add(i % 2 === 0 ? a : b, chunk);
    });
    const merged: BehaviorState = behaviorAccumulator.merge(a, b);
    expect(behaviorAccumulator.value(merged, window.days)).toEqual(
      behaviorAccumulator.value(whole, window.days),
    );
  });

  it('refuses to merge states of different windows', () => {
    const other = behaviorAccumulator.init(resolveBehaviorWindow());
    expect(() => behaviorAccumulator.merge(behaviorAccumulator.init(window), other)).toThrow(
      /different windows/,
    );
  });
});
