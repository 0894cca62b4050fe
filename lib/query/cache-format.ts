/**
 * The block format of ecomlab's columnar cache of clean UserBehavior events (docs: README "Columnar cache").
 *
 * A part file is `ECBC0001` followed by blocks of at most {@link CACHE_BLOCK_ROWS} rows. A block holds, each
 * column as a little-endian typed array starting on a 4-byte boundary:
 * - `dict`  Uint32[dictSize]: the block's distinct category ids (dictionary encoding);
 * - `codes` Uint16[rows] (Uint32 when the block has more than 65,536 categories): category = dict[code];
 * - `users` Uint32[rows], `items` Uint32[rows]: ids as read;
 * - `packed` Uint32[rows]: `(timestamp − windowStart) << 2 | behaviourCode` (a window is at most 1,000 days,
 *   86.4M s < 2^30, so the seconds and the 2-bit behaviour share one word).
 * 14 bytes per row with 2-byte codes (a CSV row of the Taobao log takes 30–36). The block's position, row
 * count, dictionary size and time range (zone map) live in the cache's meta.json, so a reader can skip blocks
 * outside a date filter without reading them, and skip a block whose dictionary holds no wanted category
 * after reading only the dictionary.
 */
import * as fs from 'node:fs';
import type { FilterableChunk } from './where';

/** Rows per block (about 14 MB). */
export const CACHE_BLOCK_ROWS = 1 << 20;
/** The first bytes of every part file. */
export const CACHE_MAGIC = Buffer.from('ECBC0001', 'latin1');

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

const DICT_EMPTY = 0xffffffff;

/**
 * Writes clean events into one part file, block by block. Feed it chunks with {@link CacheBlockWriter.add},
 * then {@link CacheBlockWriter.close} returns the blocks' infos. O(rows) time, O(block) memory.
 */
export class CacheBlockWriter {
  private readonly fd: number;
  private position = CACHE_MAGIC.length;
  private rows = 0;
  private readonly users = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly items = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly packed = new Uint32Array(CACHE_BLOCK_ROWS);
  private readonly codes = new Uint32Array(CACHE_BLOCK_ROWS);
  /** Open-addressing map category id -> code (slot keys, DICT_EMPTY = free). */
  private slotKeys = new Uint32Array(1 << 12).fill(DICT_EMPTY);
  private slotCodes = new Uint32Array(1 << 12);
  private dict: number[] = [];
  private minRelative = Infinity;
  private maxRelative = -Infinity;
  readonly blocks: CacheBlockInfo[] = [];
  readonly path: string;

  constructor(
    path: string,
    private readonly startSeconds: number,
  ) {
    this.path = path;
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, CACHE_MAGIC);
  }

  private code(category: number): number {
    let keys = this.slotKeys;
    let mask = keys.length - 1;
    let slot = (Math.imul(category, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const stored = keys[slot]!;
      if (stored === category) return this.slotCodes[slot]!;
      if (stored === DICT_EMPTY) break;
      slot = (slot + 1) & mask;
    }
    const code = this.dict.length;
    this.dict.push(category);
    if (this.dict.length * 2 > keys.length) {
      this.rehash(keys.length * 2);
      keys = this.slotKeys;
      mask = keys.length - 1;
      slot = (Math.imul(category, 0x9e3779b1) >>> 0) & mask;
      while (keys[slot] !== DICT_EMPTY) slot = (slot + 1) & mask;
    }
    keys[slot] = category;
    this.slotCodes[slot] = code;
    return code;
  }

  private rehash(size: number): void {
    const keys = new Uint32Array(size).fill(DICT_EMPTY);
    const codes = new Uint32Array(size);
    const mask = size - 1;
    this.dict.forEach((category, code) => {
      if (code === this.dict.length - 1) return; // the newest key is placed by the caller
      let slot = (Math.imul(category, 0x9e3779b1) >>> 0) & mask;
      while (keys[slot] !== DICT_EMPTY) slot = (slot + 1) & mask;
      keys[slot] = category;
      codes[slot] = code;
    });
    this.slotKeys = keys;
    this.slotCodes = codes;
  }

  /** Appends the first `chunk.length` rows of `chunk` (clean rows inside the window). O(rows). */
  add(chunk: FilterableChunk): void {
    const { userId, itemId, categoryId, behavior, timestamp } = chunk;
    const start = this.startSeconds;
    let lastCategory = -1;
    let lastCode = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (this.rows === CACHE_BLOCK_ROWS) {
        this.flush();
        lastCategory = -1; // the next block has its own dictionary
      }
      const r = this.rows++;
      this.users[r] = userId[i]!;
      this.items[r] = itemId[i]!;
      const relative = timestamp[i]! - start;
      if (relative < this.minRelative) this.minRelative = relative;
      if (relative > this.maxRelative) this.maxRelative = relative;
      this.packed[r] = ((relative << 2) | behavior[i]!) >>> 0;
      const category = categoryId[i]!;
      if (category !== lastCategory) {
        lastCode = this.code(category);
        lastCategory = category;
      }
      this.codes[r] = lastCode;
    }
  }

  private flush(): void {
    const rows = this.rows;
    if (rows === 0) return;
    const dictSize = this.dict.length;
    const codeBytes: 2 | 4 = dictSize <= 65536 ? 2 : 4;
    const layout = blockLayout(rows, dictSize, codeBytes);
    const buffer = Buffer.alloc(layout.bytes);
    const u32 = (offset: number, length: number) =>
      new Uint32Array(buffer.buffer, buffer.byteOffset + offset, length);
    u32(layout.dict, dictSize).set(this.dict);
    if (codeBytes === 2)
      new Uint16Array(buffer.buffer, buffer.byteOffset + layout.codes, rows).set(
        this.codes.subarray(0, rows),
      );
    else u32(layout.codes, rows).set(this.codes.subarray(0, rows));
    u32(layout.users, rows).set(this.users.subarray(0, rows));
    u32(layout.items, rows).set(this.items.subarray(0, rows));
    u32(layout.packed, rows).set(this.packed.subarray(0, rows));
    let written = 0;
    while (written < buffer.length)
      written += fs.writeSync(this.fd, buffer, written, buffer.length - written, this.position + written);
    this.blocks.push({
      offset: this.position,
      bytes: layout.bytes,
      rows,
      dictSize,
      codeBytes,
      minRelative: this.minRelative,
      maxRelative: this.maxRelative,
    });
    this.position += layout.bytes;
    this.rows = 0;
    this.dict = [];
    this.slotKeys.fill(DICT_EMPTY);
    this.minRelative = Infinity;
    this.maxRelative = -Infinity;
  }

  /** Writes the last block, syncs and closes the file; returns the block infos. */
  close(): CacheBlockInfo[] {
    try {
      this.flush();
      fs.fsyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
    }
    return this.blocks;
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

/** A decoded block, as a chunk (category ids resolved, timestamps absolute). Arrays are reused per reader. */
export interface DecodedBlock extends FilterableChunk {
  /** The block's category dictionary. */
  dict: Uint32Array;
}

/**
 * Reads blocks of one part file. {@link CacheBlockReader.read} decodes a block into a reused chunk;
 * {@link CacheBlockReader.readDict} reads only a block's dictionary (to skip blocks without a wanted category).
 */
export class CacheBlockReader {
  private readonly fd: number;
  private buffer = Buffer.alloc(0);
  private readonly chunk: DecodedBlock = {
    length: 0,
    dict: new Uint32Array(0),
    userId: new Uint32Array(0),
    itemId: new Uint32Array(0),
    categoryId: new Uint32Array(CACHE_BLOCK_ROWS),
    behavior: new Uint8Array(CACHE_BLOCK_ROWS),
    timestamp: new Float64Array(CACHE_BLOCK_ROWS),
  };

  constructor(
    readonly path: string,
    private readonly startSeconds: number,
  ) {
    this.fd = fs.openSync(path, 'r');
    const magic = Buffer.alloc(CACHE_MAGIC.length);
    fs.readSync(this.fd, magic, 0, magic.length, 0);
    if (!magic.equals(CACHE_MAGIC)) {
      fs.closeSync(this.fd);
      throw new Error(`${path}: not an ecomlab cache part (bad magic)`);
    }
  }

  private readExactly(target: Buffer, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, target, done, length - done, position + done);
      if (n === 0) throw new Error(`${this.path}: truncated cache part at byte ${position + done}`);
      done += n;
    }
  }

  /** The block's category dictionary (a fresh array). O(dictSize). */
  readDict(block: CacheBlockInfo): Uint32Array {
    const bytes = Buffer.alloc(block.dictSize * 4);
    this.readExactly(bytes, bytes.length, block.offset);
    return new Uint32Array(bytes.buffer, bytes.byteOffset, block.dictSize);
  }

  /** Reads and decodes one block. The returned chunk's arrays are overwritten by the next call. O(rows). */
  read(block: CacheBlockInfo): DecodedBlock {
    if (this.buffer.length < block.bytes) this.buffer = Buffer.allocUnsafeSlow(block.bytes);
    const buffer = this.buffer;
    this.readExactly(buffer, block.bytes, block.offset);
    const layout = blockLayout(block.rows, block.dictSize, block.codeBytes);
    const base = buffer.byteOffset;
    const rows = block.rows;
    const dict = new Uint32Array(buffer.buffer, base + layout.dict, block.dictSize);
    const codes =
      block.codeBytes === 2
        ? new Uint16Array(buffer.buffer, base + layout.codes, rows)
        : new Uint32Array(buffer.buffer, base + layout.codes, rows);
    const packed = new Uint32Array(buffer.buffer, base + layout.packed, rows);
    const chunk = this.chunk;
    const { categoryId, behavior, timestamp } = chunk;
    const start = this.startSeconds;
    for (let i = 0; i < rows; i++) {
      const word = packed[i]!;
      categoryId[i] = dict[codes[i]!]!;
      behavior[i] = word & 3;
      timestamp[i] = start + (word >>> 2);
    }
    chunk.dict = dict;
    chunk.userId = new Uint32Array(buffer.buffer, base + layout.users, rows);
    chunk.itemId = new Uint32Array(buffer.buffer, base + layout.items, rows);
    chunk.length = rows;
    return chunk;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
