/**
 * The id tables of the streaming behaviour state: {@link IndexMap} (uint32 key -> dense index, for users and
 * categories) and {@link IdSet} (distinct items). Plain objects of typed arrays, so worker threads can
 * transfer them without JSON. Amortised O(1) per insert.
 */

// Module-level aliases: hot loops stay fast even where `Math` is a slow cross-context global (jest's vm).
const { imul, clz32 } = Math;
const HASH_MULTIPLIER = 0x9e3779b1;

/**
 * A map from uint32 keys to dense indexes 0..size-1 (insertion order). Keys below `directLimit` use a
 * direct table indexed by the key (cache-friendly for the small, dense ids of real logs); larger keys use
 * an open-addressing (linear probing) hash table.
 */
export interface IndexMap {
  /** Dense index + 1 per key `< direct.length`; 0 = absent. Grows by doubling up to `directLimit`. */
  direct: Int32Array;
  directLimit: number;
  /** Hash slot keys (meaningful where `slotIndex` is non-zero). */
  slotKeys: Uint32Array;
  /** Dense index + 1 per hash slot; 0 = empty. */
  slotIndex: Int32Array;
  /** `32 - log2(slots)`: the hash is the top bits of a multiplicative hash. */
  shift: number;
  /** Keys held in the hash table. */
  hashed: number;
  /** Keys in insertion order (`keys[i]` has index i); capacity >= size. */
  keys: Uint32Array;
  size: number;
}

/**
 * A set of uint32 values: a bitset for values below {@link ID_BITSET_LIMIT} (grown on demand; 5M item ids
 * take 640 KB) and an open-addressing hash set for larger ones (0 marks an empty slot; such keys are never 0).
 */
export interface IdSet {
  bits: Uint32Array;
  slots: Uint32Array;
  shift: number;
  /** Values held in the hash part. */
  hashed: number;
  size: number;
}

/** Values below this go to the bitset of an {@link IdSet} (at most 16 MiB of bits). */
export const ID_BITSET_LIMIT = 2 ** 27;
/** User ids below this use the direct table of the user map (at most 64 MiB). */
export const USER_DIRECT_LIMIT = 2 ** 24;

/** An empty map with `2^slotBits` hash slots; keys below `directLimit` use the direct table. O(slots). */
export function newIndexMap(slotBits: number, directLimit: number): IndexMap {
  const slots = 1 << slotBits;
  return {
    direct: new Int32Array(directLimit > 0 ? 1024 : 0),
    directLimit,
    slotKeys: new Uint32Array(slots),
    slotIndex: new Int32Array(slots),
    shift: 32 - slotBits,
    hashed: 0,
    keys: new Uint32Array(1024),
    size: 0,
  };
}

/** An empty set with `2^slotBits` hash slots. O(slots). */
export function newIdSet(slotBits: number): IdSet {
  return {
    bits: new Uint32Array(1024),
    slots: new Uint32Array(1 << slotBits),
    shift: 32 - slotBits,
    hashed: 0,
    size: 0,
  };
}

function growIndexMapSlots(map: IndexMap): void {
  const slotBits = 32 - map.shift + 1;
  const slots = 1 << slotBits;
  const slotKeys = new Uint32Array(slots);
  const slotIndex = new Int32Array(slots);
  const shift = 32 - slotBits;
  const mask = slots - 1;
  for (let i = 0; i < map.size; i++) {
    const key = map.keys[i]!;
    if (key < map.directLimit) continue;
    let slot = imul(key, HASH_MULTIPLIER) >>> shift;
    while (slotIndex[slot] !== 0) slot = (slot + 1) & mask;
    slotKeys[slot] = key;
    slotIndex[slot] = i + 1;
  }
  map.slotKeys = slotKeys;
  map.slotIndex = slotIndex;
  map.shift = shift;
}

function appendKey(map: IndexMap, key: number): number {
  if (map.size >= map.keys.length) {
    const keys = new Uint32Array(map.keys.length * 2);
    keys.set(map.keys);
    map.keys = keys;
  }
  const index = map.size++;
  map.keys[index] = key;
  return index;
}

/**
 * Index of `key`, inserting it (as the next dense index) when absent. Amortised O(1).
 * @example
 * const users = newIndexMap(4, USER_DIRECT_LIMIT);
 * [indexMapInsert(users, 42), indexMapInsert(users, 2 ** 31), indexMapInsert(users, 42)] // => [0, 1, 0]
 */
export function indexMapInsert(map: IndexMap, key: number): number {
  if (key < map.directLimit) {
    let direct = map.direct;
    if (key >= direct.length) {
      let length = direct.length * 2;
      while (length <= key) length *= 2;
      const grown = new Int32Array(Math.min(length, map.directLimit));
      grown.set(direct);
      map.direct = direct = grown;
    }
    const stored = direct[key]!;
    if (stored !== 0) return stored - 1;
    const index = appendKey(map, key);
    direct[key] = index + 1;
    return index;
  }
  const mask = map.slotIndex.length - 1;
  let slot = imul(key, HASH_MULTIPLIER) >>> map.shift;
  for (;;) {
    const stored = map.slotIndex[slot]!;
    if (stored === 0) break;
    if (map.slotKeys[slot] === key) return stored - 1;
    slot = (slot + 1) & mask;
  }
  const index = appendKey(map, key);
  map.hashed++;
  if (map.hashed * 2 > map.slotIndex.length) {
    growIndexMapSlots(map); // re-inserts every hashed key, this one included
    return index;
  }
  map.slotKeys[slot] = key;
  map.slotIndex[slot] = index + 1;
  return index;
}

function growIdSetSlots(set: IdSet): void {
  const slotBits = 32 - set.shift + 1;
  const slots = new Uint32Array(1 << slotBits);
  const shift = 32 - slotBits;
  const mask = slots.length - 1;
  const old = set.slots;
  for (let i = 0; i < old.length; i++) {
    const key = old[i]!;
    if (key === 0) continue;
    let slot = imul(key, HASH_MULTIPLIER) >>> shift;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = key;
  }
  set.slots = slots;
  set.shift = shift;
}

function growIdSetBits(set: IdSet, word: number): Uint32Array {
  let length = set.bits.length * 2;
  while (length <= word) length *= 2;
  const bits = new Uint32Array(Math.min(length, ID_BITSET_LIMIT / 32));
  bits.set(set.bits);
  set.bits = bits;
  return bits;
}

/**
 * Adds `key` to the set. Amortised O(1).
 * @example
 * const items = newIdSet(4);
 * idSetAdd(items, 7); idSetAdd(items, 7); idSetAdd(items, 2 ** 31);
 * items.size // => 2
 */
export function idSetAdd(set: IdSet, key: number): void {
  if (key < ID_BITSET_LIMIT) {
    const word = key >>> 5;
    const bits = word < set.bits.length ? set.bits : growIdSetBits(set, word);
    const bit = 1 << (key & 31);
    const old = bits[word]!;
    if ((old & bit) === 0) {
      bits[word] = old | bit;
      set.size++;
    }
    return;
  }
  const slots = set.slots;
  const mask = slots.length - 1;
  let slot = imul(key, HASH_MULTIPLIER) >>> set.shift;
  for (;;) {
    const stored = slots[slot]!;
    if (stored === key) return;
    if (stored === 0) break;
    slot = (slot + 1) & mask;
  }
  slots[slot] = key;
  set.size++;
  set.hashed++;
  if (set.hashed * 2 > slots.length) growIdSetSlots(set);
}

/** Adds every value of `from` to `into`. */
export function idSetMerge(into: IdSet, from: IdSet): void {
  const bits = from.bits;
  if (bits.length > into.bits.length) growIdSetBits(into, bits.length - 1);
  const target = into.bits;
  let added = 0;
  for (let w = 0; w < bits.length; w++) {
    const incoming = bits[w]!;
    if (incoming === 0) continue;
    const fresh = incoming & ~target[w]!;
    if (fresh !== 0) {
      added += popCount(fresh);
      target[w] = target[w]! | fresh;
    }
  }
  into.size += added;
  const slots = from.slots;
  for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) idSetAdd(into, slots[s]!);
}

/**
 * The values of a set: the bitset's in ascending order, then the hashed ones (all >= 2^27) ascending. O(size + bits).
 * @example const s = newIdSet(4); idSetAdd(s, 9); idSetAdd(s, 2); idSetValues(s) // => Uint32Array [2, 9]
 */
export function idSetValues(set: IdSet): Uint32Array {
  const values = new Uint32Array(set.size);
  let k = 0;
  const bits = set.bits;
  for (let w = 0; w < bits.length; w++)
    for (let rest = bits[w]!; rest !== 0; rest &= rest - 1) values[k++] = w * 32 + 31 - clz32(rest & -rest);
  const hashed = k;
  for (let s = 0; s < set.slots.length; s++) if (set.slots[s] !== 0) values[k++] = set.slots[s]!;
  values.subarray(hashed).sort();
  return values;
}

function popCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Per-user (or per-category) typed arrays grow by doubling: a copy of `old` with room for `length` values. */
export function grownCopy<T extends Uint32Array | Int16Array | Uint8Array | Float64Array>(
  old: T,
  length: number,
  fill = 0,
): T {
  const next = new (old.constructor as new (n: number) => T)(length);
  if (fill !== 0) next.fill(fill);
  next.set(old);
  return next;
}

/** The dense index that every key of `from` has in `into` (inserting the missing keys). O(|from|). */
export function mergeIndexMaps(into: IndexMap, from: IndexMap): Int32Array {
  const indexes = new Int32Array(from.size);
  for (let j = 0; j < from.size; j++) indexes[j] = indexMapInsert(into, from.keys[j]!);
  return indexes;
}
