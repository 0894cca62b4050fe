/**
 * The block format of ecomlab's columnar cache of clean UserBehavior events (docs: README "Columnar cache").
 *
 * A part file is `ECBC0002`, then blocks of at most {@link CACHE_BLOCK_ROWS} rows, then the part's three
 * dictionaries. Users and categories are dictionary-encoded per part: the writer gives each distinct id a dense
 * local index (0, 1, 2, … in order of first appearance) and stores the ids once, at the end of the part
 * (`Uint32[users]`, `Uint32[categories]`: the id of local index k is entry k), so a reader indexes its per-user
 * and per-category arrays directly by the stored indices, without hashing an id per row. Items keep their ids
 * (a reader only counts distinct items, in a bitset, which a dense index would not make cheaper), and the part
 * stores its distinct item ids, ascending (`Uint32[items]`): a scan of every row of a part takes them from there.
 * A block holds, each column as a little-endian typed array starting on a 4-byte boundary:
 * - `dict`  Uint32[dictSize]: the local category indices present in the block;
 * - `codes` Uint16[rows] (Uint32 when the block has more than 65,536 categories): category = dict[code];
 * - `users` Uint32[rows]: local user indices; `items` Uint32[rows]: item ids;
 * - `packed` Uint32[rows]: `(timestamp − windowStart) << 2 | behaviourCode` (a window is at most 1,000 days,
 *   86.4M s < 2^30, so the seconds and the 2-bit behaviour share one word).
 * 14 bytes per row with 2-byte codes (a CSV row of the Taobao log takes 30–36). The block's position, row
 * count, dictionary size, time range and local user range (zone maps) live in the cache's meta.json, so a
 * reader skips blocks outside a date filter or without a wanted user without reading them, and a block whose
 * dictionary holds no wanted category after reading only the dictionary.
 */
import * as fs from 'node:fs';
import {
  idSetAdd,
  idSetValues,
  indexMapInsert,
  newIdSet,
  newIndexMap,
  type IdSet,
  type IndexMap,
} from '../behavior/id-tables';
import type { FilterableChunk } from './where';

/** Rows per block (about 14 MB). */
export const CACHE_BLOCK_ROWS = 1 << 20;
/** The first bytes of every part file (the digit is the block format's version). */
export const CACHE_MAGIC = Buffer.from('ECBC0002', 'latin1');
/** User ids below this get a direct table in the writer's user dictionary (above: hashed). */
const USER_DIRECT_LIMIT = 2 ** 24;

/** Where a block is and what it holds (stored in meta.json). */
export interface CacheBlockInfo {
  /** Byte offset of the block in its part file. */
  offset: number;
  /** Bytes of the block. */
  bytes: number;
  rows: number;
  dictSize: number;
  /** 2 or 4: bytes per category code. */
  codeBytes: 2 | 4;
  /** Smallest and largest `timestamp − windowStart` in the block (seconds). */
  minRelative: number;
  maxRelative: number;
  /** Smallest and largest local user index in the block. */
  minUser: number;
  maxUser: number;
}

/** A finished part: its blocks and where its dictionaries are. */
export interface CachePartInfo {
  blocks: CacheBlockInfo[];
  /** Byte offset of the dictionaries (users, then the distinct items, then categories; 4 bytes per entry). */
  dictOffset: number;
  /** Distinct users, items and categories of the part (its dictionaries' lengths). */
  users: number;
  items: number;
  categories: number;
}

/** A part's dictionaries: the id of each local user and category index, and the part's distinct item ids. */
export interface CachePartDictionaries {
  users: Uint32Array;
  items: Uint32Array;
  categories: Uint32Array;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Byte layout of a block: offsets of each column from the block start. */
export function blockLayout(rows: number, dictSize: number, codeBytes: 2 | 4) {
  const dict = 0;
  const codes = dict + dictSize * 4;
  const users = codes + pad4(rows * codeBytes);
  const items = users + rows * 4;
  const packed = items + rows * 4;
  return { dict, codes, users, items, packed, bytes: packed + rows * 4 };
}

function writeAll(fd: number, buffer: Uint8Array, position: number): void {
  let written = 0;
  while (written < buffer.length)
    written += fs.writeSync(fd, buffer, written, buffer.length - written, position + written);
}

/**
 * Writes clean events into one part file, block by block. Feed it chunks with {@link CacheBlockWriter.add},
 * then {@link CacheBlockWriter.close} writes the dictionaries and returns the part's info. O(rows) time,
 * O(block + distinct ids) memory.
 */
export class CacheBlockWriter {
  private readonly fd: number;
  private position = CACHE_MAGIC.length;
  private rows = 0;
  private readonly users = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly items = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly packed = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly codes = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly userMap: IndexMap = newIndexMap(4, USER_DIRECT_LIMIT);
  private readonly itemSet = newIdSet(4);
  /** Hashed: a few thousand categories stay in cache (a direct table by id would miss it on most rows). */
  private readonly categoryMap: IndexMap = newIndexMap(10, 0);
  /** Code in the current block of each local category (-1 = not in the block yet). */
  private blockCode = new Int32Array(1024).fill(-1);
  /** A direct-mapped memo of the current block: category id (-1 = none) and its code, by the id's low bits. */
  private readonly recentIds = new Float64Array(1024).fill(-1);
  private readonly recentCodes = new Int32Array(1024);
  /** The current block's local categories, by code. */
  private dict: number[] = [];
  private minRelative = Infinity;
  private maxRelative = -Infinity;
  private minUser = Infinity;
  private maxUser = -Infinity;
  readonly blocks: CacheBlockInfo[] = [];
  readonly path: string;

  /**
   * @param path the part file (created or truncated).
   * @param startSeconds the window start (timestamps are stored relative to it).
   * @param blockRows rows per block (at most {@link CACHE_BLOCK_ROWS}).
   * @param itemsGiven true when {@link CacheBlockWriter.close} will be given the part's distinct items (the
   *   caller's unfiltered accumulator has them), so the writer need not collect them row by row.
   */
  constructor(
    path: string,
    private readonly startSeconds: number,
    private readonly blockRows = CACHE_BLOCK_ROWS,
    private readonly itemsGiven = false,
  ) {
    this.path = path;
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, CACHE_MAGIC);
  }

  private code(category: number): number {
    const local = indexMapInsert(this.categoryMap, category);
    if (local >= this.blockCode.length) {
      const grown = new Int32Array(this.blockCode.length * 2).fill(-1);
      grown.set(this.blockCode);
      this.blockCode = grown;
    }
    let code = this.blockCode[local]!;
    if (code < 0) {
      code = this.blockCode[local] = this.dict.length;
      this.dict.push(local);
    }
    return code;
  }

  /** Appends the first `chunk.length` rows of `chunk` (clean rows inside the window). O(rows). */
  add(chunk: FilterableChunk): void {
    const { userId, itemId, categoryId, behavior, timestamp } = chunk;
    const start = this.startSeconds;
    const { users, items, packed, codes, userMap, itemSet, blockRows, itemsGiven, recentIds, recentCodes } =
      this;
    let lastCategory = -1;
    let lastCode = 0;
    let lastUser = -1;
    let user = 0;
    let r = this.rows;
    let { minRelative, maxRelative, minUser, maxUser } = this;
    for (let i = 0; i < chunk.length; i++) {
      if (r === blockRows) {
        this.keep(r, minRelative, maxRelative, minUser, maxUser);
        this.flush();
        r = 0;
        minRelative = minUser = Infinity;
        maxRelative = maxUser = -Infinity;
        lastCategory = lastUser = -1; // the next block has its own codes and user range
      }
      const id = userId[i]!;
      if (id !== lastUser) {
        user = indexMapInsert(userMap, id);
        lastUser = id;
        if (user < minUser) minUser = user;
        if (user > maxUser) maxUser = user;
      }
      users[r] = user;
      const item = itemId[i]!;
      items[r] = item;
      if (!itemsGiven) idSetAdd(itemSet, item);
      const relative = timestamp[i]! - start;
      if (relative < minRelative) minRelative = relative;
      if (relative > maxRelative) maxRelative = relative;
      packed[r] = ((relative << 2) | behavior[i]!) >>> 0;
      const category = categoryId[i]!;
      if (category !== lastCategory) {
        const slot = category & 1023;
        if (recentIds[slot] === category) lastCode = recentCodes[slot]!;
        else {
          lastCode = recentCodes[slot] = this.code(category);
          recentIds[slot] = category;
        }
        lastCategory = category;
      }
      codes[r++] = lastCode;
    }
    this.keep(r, minRelative, maxRelative, minUser, maxUser);
  }

  /** Stores the hot loop's locals back into the writer. */
  private keep(rows: number, minRelative: number, maxRelative: number, minUser: number, maxUser: number) {
    this.rows = rows;
    this.minRelative = minRelative;
    this.maxRelative = maxRelative;
    this.minUser = minUser;
    this.maxUser = maxUser;
  }

  private flush(): void {
    const rows = this.rows;
    if (rows === 0) return;
    const dictSize = this.dict.length;
    const codeBytes: 2 | 4 = dictSize <= 65536 ? 2 : 4;
    const layout = blockLayout(rows, dictSize, codeBytes);
    const codes =
      codeBytes === 2 ? Uint16Array.from(this.codes.subarray(0, rows)) : this.codes.subarray(0, rows);
    const views = [
      Uint32Array.from(this.dict),
      codes,
      new Uint8Array(layout.users - layout.codes - codes.byteLength), // padding to 4 bytes
      this.users.subarray(0, rows),
      this.items.subarray(0, rows),
      this.packed.subarray(0, rows),
    ].map((array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    let written = 0;
    while (written < layout.bytes) {
      let skip = written;
      const rest = views.flatMap((view) => {
        const part = view.subarray(Math.min(skip, view.length));
        skip = Math.max(0, skip - view.length);
        return part.length > 0 ? [part] : [];
      });
      written += fs.writevSync(this.fd, rest, this.position + written);
    }
    this.blocks.push({
      offset: this.position,
      bytes: layout.bytes,
      rows,
      dictSize,
      codeBytes,
      minRelative: this.minRelative,
      maxRelative: this.maxRelative,
      minUser: this.minUser,
      maxUser: this.maxUser,
    });
    this.position += layout.bytes;
    this.rows = 0;
    for (const local of this.dict) this.blockCode[local] = -1;
    this.recentIds.fill(-1);
    this.dict = [];
    this.minRelative = this.minUser = Infinity;
    this.maxRelative = this.maxUser = -Infinity;
  }

  /**
   * Writes the last block and the dictionaries, syncs and closes the file; returns the part's info. `items`:
   * the part's distinct items, when the constructor was told they would be given.
   */
  close(items?: IdSet): CachePartInfo {
    try {
      if (this.itemsGiven !== (items !== undefined))
        throw new Error('CacheBlockWriter.close: the distinct items are given if and only if promised');
      this.flush();
      const dictOffset = this.position;
      const { userMap, categoryMap } = this;
      const itemIds = idSetValues(items ?? this.itemSet);
      const dictionaries = [
        userMap.keys.subarray(0, userMap.size),
        itemIds,
        categoryMap.keys.subarray(0, categoryMap.size),
      ];
      for (const ids of dictionaries) {
        writeAll(this.fd, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength), this.position);
        this.position += ids.byteLength;
      }
      fs.fsyncSync(this.fd);
      return {
        blocks: this.blocks,
        dictOffset,
        users: userMap.size,
        items: itemIds.length,
        categories: categoryMap.size,
      };
    } finally {
      fs.closeSync(this.fd);
    }
  }

  /** Closes the file without finishing it (after an error); the caller removes it. */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
