/**
 * Reading a cache part (format: lib/query/cache-format.ts): a block's columns as views over one reused buffer,
 * only the columns a scan needs, and the part's dictionaries.
 */
import * as fs from 'node:fs';
import {
  blockLayout,
  CACHE_MAGIC,
  type CacheBlockInfo,
  type CachePartDictionaries,
  type CachePartInfo,
} from './cache-format';

/** The columns of one block, as views over the reader's buffer (overwritten by the next read). */
export interface BlockColumns {
  rows: number;
  /** Local category index of each code. */
  dict: Uint32Array;
  codes: Uint16Array | Uint32Array;
  users: Uint32Array;
  items: Uint32Array;
  packed: Uint32Array;
}

const ALL_COLUMNS = { categories: true, items: true };

/**
 * Reads blocks of one part file: {@link CacheBlockReader.read} gives a block's columns (views over a reused
 * buffer), {@link CacheBlockReader.readDict} only its category dictionary (to skip blocks without a wanted
 * category), {@link CacheBlockReader.dictionaries} the part's id dictionaries.
 */
export class CacheBlockReader {
  private readonly fd: number;
  private buffer = Buffer.alloc(0);

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'r');
    const magic = Buffer.alloc(CACHE_MAGIC.length);
    fs.readSync(this.fd, magic, 0, magic.length, 0);
    if (!magic.equals(CACHE_MAGIC)) {
      fs.closeSync(this.fd);
      throw new Error(`${path}: not an ecomlab cache part of this version (bad magic)`);
    }
  }

  private readExactly(target: Uint8Array, position: number): void {
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(this.fd, target, done, target.length - done, position + done);
      if (n === 0) throw new Error(`${this.path}: truncated cache part at byte ${position + done}`);
      done += n;
    }
  }

  private readUint32(count: number, position: number): Uint32Array {
    const values = new Uint32Array(count);
    this.readExactly(new Uint8Array(values.buffer), position);
    return values;
  }

  /** The block's local category indices (a fresh array). O(dictSize). */
  readDict(block: CacheBlockInfo): Uint32Array {
    return this.readUint32(block.dictSize, block.offset);
  }

  /**
   * The part's dictionaries (fresh arrays; the items only when `withItems`, else empty). O(distinct ids read).
   */
  dictionaries(part: Omit<CachePartInfo, 'blocks'>, withItems = true): CachePartDictionaries {
    const users = this.readUint32(part.users, part.dictOffset);
    const items = this.readUint32(withItems ? part.items : 0, part.dictOffset + part.users * 4);
    const categories = this.readUint32(part.categories, part.dictOffset + (part.users + part.items) * 4);
    return { users, items, categories };
  }

  /**
   * Reads one block's columns (users and packed always; the category dictionary and codes, and the items, when
   * `need` says so: the columns not read hold stale bytes). The views are overwritten by the next call.
   * O(bytes read).
   */
  read(block: CacheBlockInfo, need: { categories: boolean; items: boolean } = ALL_COLUMNS): BlockColumns {
    if (this.buffer.length < block.bytes) this.buffer = Buffer.allocUnsafeSlow(block.bytes);
    const buffer = this.buffer;
    const layout = blockLayout(block.rows, block.dictSize, block.codeBytes);
    const ranges: Array<[number, number]> = [];
    const want = (from: number, to: number) => {
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last[1] === from) last[1] = to;
      else ranges.push([from, to]);
    };
    if (need.categories) want(layout.dict, layout.users);
    want(layout.users, layout.items);
    if (need.items) want(layout.items, layout.packed);
    want(layout.packed, layout.bytes);
    for (const [from, to] of ranges) this.readExactly(buffer.subarray(from, to), block.offset + from);
    const { buffer: bytes, byteOffset: base } = buffer;
    const rows = block.rows;
    return {
      rows,
      dict: new Uint32Array(bytes, base + layout.dict, block.dictSize),
      codes:
        block.codeBytes === 2
          ? new Uint16Array(bytes, base + layout.codes, rows)
          : new Uint32Array(bytes, base + layout.codes, rows),
      users: new Uint32Array(bytes, base + layout.users, rows),
      items: new Uint32Array(bytes, base + layout.items, rows),
      packed: new Uint32Array(bytes, base + layout.packed, rows),
    };
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
