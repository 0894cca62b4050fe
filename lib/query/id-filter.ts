/**
 * Id sets of the `where` filters: {@link IdFilter}, an open-addressing set of uint32 ids (plain typed arrays,
 * structured-cloneable to workers) and {@link readIdFile}, the reader of `where.users: { file }`.
 */
import * as fs from 'node:fs';
import { DataError } from '../errors';

const HASH_MULTIPLIER = 0x9e3779b1;
const { imul } = Math;

/** A set of uint32 ids for fast membership tests (open addressing; plain typed arrays, cloneable). */
export interface IdFilter {
  /** Slot keys; 0 marks an empty slot (id 0 is held by `hasZero`). */
  slots: Uint32Array;
  /** `32 - log2(slots.length)`. */
  shift: number;
  hasZero: boolean;
  /** Distinct ids held. */
  size: number;
}

/**
 * Builds an {@link IdFilter} from ids. O(n).
 * @example idFilterHas(idFilter([7, 0]), 0) // => true
 */
export function idFilter(ids: readonly number[]): IdFilter {
  let slotBits = 4;
  while (1 << slotBits < ids.length * 2) slotBits++;
  const slots = new Uint32Array(1 << slotBits);
  const shift = 32 - slotBits;
  const mask = slots.length - 1;
  let hasZero = false;
  let size = 0;
  for (const id of ids) {
    if (id === 0) {
      if (!hasZero) size++;
      hasZero = true;
      continue;
    }
    let slot = imul(id, HASH_MULTIPLIER) >>> shift;
    while (slots[slot] !== 0 && slots[slot] !== id) slot = (slot + 1) & mask;
    if (slots[slot] === 0) {
      slots[slot] = id;
      size++;
    }
  }
  return { slots, shift, hasZero, size };
}

/**
 * True when `id` is in the filter. O(1) expected.
 * @example idFilterHas(idFilter([4756105]), 4756105) // => true
 */
export function idFilterHas(filter: IdFilter, id: number): boolean {
  if (id === 0) return filter.hasZero;
  const slots = filter.slots;
  const mask = slots.length - 1;
  let slot = imul(id, HASH_MULTIPLIER) >>> filter.shift;
  for (;;) {
    const stored = slots[slot]!;
    if (stored === id) return true;
    if (stored === 0) return false;
    slot = (slot + 1) & mask;
  }
}

/**
 * Reads a file of ids: one decimal id per line; blank lines and lines starting with `#` are skipped; a header
 * line `user_id` (any name without digits) is allowed as the first other line. O(bytes).
 *
 * @throws {DataError} naming the file, the line number and the text of the first bad line
 *   (`users.txt:line 3: invalid user id "x" ...`).
 * @example
 * writeFileAtomic('users.txt', 'user_id\n1\n100\n# a comment\n1000\n');
 * readIdFile('users.txt') // => [1, 100, 1000]
 */
export function readIdFile(file: string): number[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataError(
      `invalid where.users: cannot read ${JSON.stringify(file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { column: 'where.users', value: file },
    );
  }
  const ids: number[] = [];
  const lines = text.split('\n');
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = first && /^[A-Za-z_][A-Za-z_ ]*$/.test(line); // a header such as user_id
    first = false;
    if (header) continue;
    if (!/^\d{1,10}$/.test(line) || Number(line) > 4294967295)
      throw new DataError(
        `invalid user id ${JSON.stringify(line)} (expected one integer 0..4294967295 per line)`,
        { file, line: i + 1, column: 'where.users', value: line },
      );
    ids.push(Number(line));
  }
  if (ids.length === 0)
    throw new DataError('invalid where.users: no user ids in the file (expected one integer per line)', {
      file,
      column: 'where.users',
      value: file,
    });
  return [...new Set(ids)].sort((a, b) => a - b);
}
