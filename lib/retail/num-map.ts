/**
 * Compact hash maps from non-negative integer keys (exact doubles below 2^53) to 32-bit integers, in typed
 * arrays: the per-customer aggregates of the streaming retail path ((customer, invoice), (customer, product),
 * (customer, day) keys) take 12 bytes per slot instead of a JS Map entry per pair. {@link SumMap} adds a
 * double per key.
 */
// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { imul, floor } = Math;

const EMPTY = -1;
const TWO32 = 2 ** 32;
const MAX_LOAD = 0.7;

/** Key of a (customer, value) pair: customer·2^26 + value; both below 2^26 (exact as a double). */
export const PAIR_SHIFT = 2 ** 26;

/** Mixes a key to a 32-bit bucket hash (murmur3 finaliser over both halves). */
function bucketHash(key: number): number {
  let h = imul((key >>> 0) ^ imul(floor(key / TWO32), 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Open-addressing (linear probing) map from integer keys to 32-bit integers. Iteration order is the slot order, so
 * callers that need an order sort the keys ({@link NumMap.sortedKeys}).
 *
 * Complexity: O(1) expected per operation; memory 12 bytes per slot, 1/0.7 slots per key when sized
 * once, up to twice that after growing.
 * @example
 * const m = new NumMap();
 * m.add(5, 2); m.add(5, 3); m.get(5); // => 5
 */
export class NumMap {
  keys: Float64Array;
  values: Int32Array;
  size = 0;
  /** Slots, and slots / 2^32 (a 32-bit hash h has its home slot at floor(h · scale): any table size works). */
  private slots: number;
  private scale: number;

  constructor(capacity = 1024) {
    const slots = Math.max(16, Math.ceil(capacity / MAX_LOAD));
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.values = new Int32Array(slots);
    this.slots = slots;
    this.scale = slots / TWO32;
  }

  /** Slot of `key`, or of the empty slot where it would go. */
  private slot(key: number): number {
    const keys = this.keys;
    let i = floor(bucketHash(key) * this.scale);
    for (;;) {
      const k = keys[i]!;
      if (k === key || k === EMPTY) return i;
      i = i + 1 === this.slots ? 0 : i + 1;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const slots = oldKeys.length * 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.values = new Int32Array(slots);
    this.slots = slots;
    this.scale = slots / TWO32;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === EMPTY) continue;
      const j = this.slot(k);
      this.keys[j] = k;
      this.values[j] = oldValues[i]!;
    }
  }

  /** Inserts `key` with `value` when absent; returns the slot and whether it was new (in `isNew`). */
  private claim(key: number, value: number): number {
    let i = this.slot(key);
    if (this.keys[i] === EMPTY) {
      if (this.size + 1 > this.keys.length * MAX_LOAD) {
        this.grow();
        i = this.slot(key);
      }
      this.keys[i] = key;
      this.values[i] = value;
      this.size++;
      this.isNew = true;
    } else this.isNew = false;
    return i;
  }

  /** Whether the last {@link NumMap.add}/{@link NumMap.min} inserted a new key. */
  isNew = false;

  /** The value of `key`, or `missing`. */
  get(key: number, missing = NaN): number {
    const i = this.slot(key);
    return this.keys[i] === EMPTY ? missing : this.values[i]!;
  }

  /** value(key) += `value` (a new key starts at 0). Returns whether the key was new. */
  add(key: number, value: number): boolean {
    const i = this.claim(key, 0);
    this.values[i] = this.values[i]! + value;
    return this.isNew;
  }

  /** The key's id: 0, 1, 2, … in first-seen order (a new key gets the next). */
  idOf(key: number): number {
    const i = this.claim(key, this.size); // before reading this.values: claim may grow it
    return this.values[i]!;
  }

  /** value(key) = min(value(key), `value`) (a new key takes `value`). Returns whether the key was new. */
  min(key: number, value: number): boolean {
    const i = this.claim(key, value);
    if (value < this.values[i]!) this.values[i] = value;
    return this.isNew;
  }

  /** The keys in ascending order, with their values in the same order. */
  sorted(): { keys: Float64Array; values: Int32Array } {
    const keys = new Float64Array(this.size);
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== EMPTY) keys[n++] = this.keys[i]!;
    keys.sort();
    const values = new Int32Array(n);
    for (let k = 0; k < n; k++) values[k] = this.values[this.slot(keys[k]!)]!;
    return { keys, values };
  }

  /** Calls `f(key, value)` for every entry, in slot order. */
  forEach(f: (key: number, value: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== EMPTY) f(this.keys[i]!, this.values[i]!);
  }
}

/**
 * Map from integer keys to sums of doubles, each key's sum added in call order.
 *
 * Complexity: O(1) expected per add; memory 12 bytes per slot + 8 per key.
 * @example
 * const m = new SumMap();
 * m.add(3, 0.5); m.add(3, 0.25); m.sorted().values[0]; // => 0.75
 */
export class SumMap {
  private readonly ids: NumMap;
  private sums: Float64Array;

  constructor(capacity = 1024) {
    this.ids = new NumMap(capacity);
    this.sums = new Float64Array(capacity);
  }

  /** Keys. */
  get size(): number {
    return this.ids.size;
  }

  /** sum(key) += value. */
  add(key: number, value: number): void {
    const id = this.ids.idOf(key);
    if (id === this.sums.length) {
      const bigger = new Float64Array(this.sums.length * 2);
      bigger.set(this.sums);
      this.sums = bigger;
    }
    this.sums[id] = this.sums[id]! + value;
  }

  /** The keys in ascending order, with their sums in the same order. */
  sorted(): { keys: Float64Array; values: Float64Array } {
    const { keys, values: ids } = this.ids.sorted();
    return { keys, values: Float64Array.from(ids, (id) => this.sums[id]!) };
  }
}
