/**
 * The exact-duplicate detector of the cleaning: a set of the distinct purchase lines seen so far, stored as a
 * 64-bit hash of the eight parsed fields (32 bits pick the bucket and are kept, 16 more as a fingerprint) and a
 * reference to the line (row index or source line). Memory: 10 bytes per slot, never the lines themselves.
 * Equal hashes are confirmed exactly: the earlier line is fetched by its reference (from the table, a ring of
 * recent lines, or re-read from the file) and its eight fields compared, so a hash collision never drops a line.
 */
// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { floor, imul } = Math;

/**
 * The eight fields of a purchase line as compared by the cleaning: strings as interned ids (equal ids = equal
 * texts), numbers as parsed.
 */
export interface LineKey {
  invoice: number;
  stock: number;
  /** -1 when the description is empty. */
  description: number;
  customer: number;
  country: number;
  quantity: number;
  date: number;
  price: number;
}

/** A fresh {@link LineKey} (to fill and reuse). */
export function lineKey(): LineKey {
  return { invoice: 0, stock: 0, description: -1, customer: 0, country: 0, quantity: 0, date: 0, price: 0 };
}

/** Whether two lines are equal on all eight fields. */
export function sameLineKey(a: LineKey, b: LineKey): boolean {
  return (
    a.invoice === b.invoice &&
    a.stock === b.stock &&
    a.quantity === b.quantity &&
    a.price === b.price &&
    a.date === b.date &&
    a.customer === b.customer &&
    a.description === b.description &&
    a.country === b.country
  );
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, v: number): number {
  v = imul(v, 0xcc9e2d51);
  v = (v << 15) | (v >>> 17);
  h ^= imul(v, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (imul(h, 5) + 0xe6546b64) | 0;
}

function mixDouble(h: number, x: number): number {
  f64[0] = x;
  return mix(mix(h, u32[0]!), u32[1]!);
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent 32-bit hashes of a line (murmur3 rounds with two seeds), written to `out`. */
export type LineHash = (key: LineKey, out: Uint32Array) => void;

/** The default {@link LineHash}. */
export const hashLineKey: LineHash = (k, out) => {
  let a = 0x2545f491;
  let b = 0x9e3779b9;
  for (const v of [k.invoice, k.stock, k.description, k.customer, k.country]) {
    a = mix(a, v);
    b = mix(b, v ^ 0x5bd1e995);
  }
  a = mixDouble(mixDouble(mixDouble(a, k.quantity), k.price), k.date);
  b = mixDouble(mixDouble(mixDouble(b, k.date), k.quantity), k.price);
  out[0] = finish(a);
  out[1] = finish(b ^ 0x27d4eb2f);
};

/**
 * Set of distinct lines for exact-duplicate removal.
 *
 * Complexity: O(1) expected per line; a lookup whose 64-bit hash matches fetches and compares the earlier line.
 * @example
 * const lines = [{ invoice: 0, stock: 0, description: -1, customer: 0, country: 0, quantity: 6, date: 0, price: 2.55 }];
 * const set = new LineDedupe((ref) => lines[ref]!);
 * set.seen(lines[0]!, 0); // => false (first occurrence, remembered)
 * set.seen({ ...lines[0]! }, 1); // => true (exact duplicate)
 * set.seen({ ...lines[0]!, quantity: 7 }, 2); // => false
 */
export class LineDedupe {
  /** Per slot: the bucket hash, the fingerprint and the line's reference + 1 (0 = empty slot). */
  private bucket: Uint32Array;
  private fingerprint: Uint16Array;
  private refs: Uint32Array;
  /** Slots, and slots / 2^32 (home slot of a bucket hash h: floor(h · scale); any table size works). */
  private slots: number;
  private scale: number;
  private readonly hashes = new Uint32Array(2);
  size = 0;

  /**
   * @param capacity Expected distinct lines (sizes the table once).
   * @param fetch Returns the fields of the line with reference `ref` (an earlier line passed to `seen`).
   * @param hash The line hash (tests force collisions with a constant one).
   */
  constructor(
    private readonly fetch: (ref: number) => LineKey,
    private readonly hash: LineHash = hashLineKey,
    capacity = 1024,
  ) {
    const slots = Math.max(1024, Math.ceil(capacity / 0.7));
    this.bucket = new Uint32Array(slots);
    this.fingerprint = new Uint16Array(slots);
    this.refs = new Uint32Array(slots);
    this.slots = slots;
    this.scale = slots / 2 ** 32;
  }

  /**
   * Whether a line equal to `key` was seen before; if not, remembers this one as `ref`.
   * @param key The line's fields.
   * @param ref Its reference (row index or source line, below 2^32 - 1), for later confirmations.
   */
  seen(key: LineKey, ref: number): boolean {
    this.hash(key, this.hashes);
    const h = this.hashes[0]!;
    const fp = this.hashes[1]! & 0xffff;
    let i = floor(h * this.scale);
    for (;;) {
      const r = this.refs[i]!;
      if (r === 0) break;
      if (this.fingerprint[i] === fp && this.bucket[i] === h && sameLineKey(this.fetch(r - 1), key))
        return true;
      i = i + 1 === this.slots ? 0 : i + 1;
    }
    if (this.size + 1 > this.refs.length * 0.7) {
      this.grow();
      i = floor(h * this.scale);
      while (this.refs[i] !== 0) i = i + 1 === this.slots ? 0 : i + 1;
    }
    this.bucket[i] = h;
    this.fingerprint[i] = fp;
    this.refs[i] = ref + 1;
    this.size++;
    return false;
  }

  /** Doubles the table (slots move by their stored bucket hash). */
  private grow(): void {
    const { bucket, fingerprint, refs } = this;
    const slots = refs.length * 2;
    this.bucket = new Uint32Array(slots);
    this.fingerprint = new Uint16Array(slots);
    this.refs = new Uint32Array(slots);
    this.slots = slots;
    this.scale = slots / 2 ** 32;
    for (let i = 0; i < refs.length; i++) {
      if (refs[i] === 0) continue;
      let j = floor(bucket[i]! * this.scale);
      while (this.refs[j] !== 0) j = j + 1 === slots ? 0 : j + 1;
      this.bucket[j] = bucket[i]!;
      this.fingerprint[j] = fingerprint[i]!;
      this.refs[j] = refs[i]!;
    }
  }
}
