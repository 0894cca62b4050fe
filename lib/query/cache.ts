/**
 * The columnar cache of a UserBehavior file: "parse once, ask many times". The first analysis with
 * `cache: true` also writes the clean, typed events (block format: lib/query/cache-format.ts) into a cache
 * directory; later analyses of the same file with the same window and header mode read the cache instead of
 * parsing the CSV. A cache is used only when the file's size, mtime and content fingerprint (a SHA-256 of its
 * first and last MiB and 32 evenly spaced 64 KiB samples) and the options all match its meta.json; otherwise it
 * is rebuilt, never trusted. A cache is written into a temporary directory and renamed into place, so a
 * crashed or interrupted pass never leaves a half cache.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BehaviorReadStats, HeaderMode } from '../io/behavior-parser';
import type { BehaviorWindow } from '../behavior/types';
import type { CachePartInfo } from './cache-format';

/** Format name and version in meta.json; a different version is rebuilt. */
export const CACHE_FORMAT = 'ecomlab-behavior-cache';
export const CACHE_VERSION = 2;
const SAMPLE_BYTES = 1 << 16;
const EDGE_BYTES = 1 << 20;
const SAMPLES = 32;

/** What a cache was built from: the file's identity and the options that shape its rows. */
export interface CacheSource {
  /** Absolute path of the source file. */
  file: string;
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of sampled content ({@link fileFingerprint}). */
  fingerprint: string;
}

/** The options a cache depends on (the window decides which rows are kept; the header mode line 1). */
export interface CacheOptionsKey {
  from: string;
  to: string;
  utcOffset: string;
  header: HeaderMode;
}

/** meta.json of a cache directory. */
export interface CacheMeta {
  format: typeof CACHE_FORMAT;
  version: number;
  source: CacheSource;
  options: CacheOptionsKey;
  window: { startSeconds: number; endSeconds: number; days: string[] };
  /** Clean rows held. */
  rows: number;
  /** The line accounting of the pass that wrote the cache (reject samples cut to `maxRejectSamples`). */
  stats: BehaviorReadStats;
  maxRejectSamples: number;
  /** Part files (relative names), their blocks and dictionaries, in file order. */
  parts: Array<CachePartInfo & { file: string }>;
  /** Bytes of all part files. */
  bytes: number;
}

/**
 * A content fingerprint of `file`: SHA-256 over its size, its first and last MiB and 32 evenly spaced 64 KiB
 * samples (about 4 MB read whatever the file's size). O(1) in the file size.
 * @example fileFingerprint('data/taobao/UserBehavior_head_4321rows.csv').slice(0, 12) // => 'a079c4ae63fa' (of 64 hex digits)
 */
export function fileFingerprint(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const hash = crypto.createHash('sha256');
    hash.update(`${size}\n`);
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < buffer.length) {
        const n = fs.readSync(fd, buffer, done, buffer.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      hash.update(buffer.subarray(0, done));
    };
    if (size <= 2 * EDGE_BYTES + SAMPLES * SAMPLE_BYTES) read(0, size);
    else {
      read(0, EDGE_BYTES);
      for (let s = 1; s <= SAMPLES; s++)
        read(Math.floor(((size - SAMPLE_BYTES) * s) / (SAMPLES + 1)), SAMPLE_BYTES);
      read(size - EDGE_BYTES, EDGE_BYTES);
    }
    return hash.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The identity of `file` now (size, mtime, fingerprint). O(1) in the file size.
 * @example describeSource('data/taobao/UserBehavior_head_4321rows.csv').size // => 161867 (bytes)
 */
export function describeSource(file: string): CacheSource {
  const absolute = path.resolve(file);
  const stat = fs.statSync(absolute);
  return { file: absolute, size: stat.size, mtimeMs: stat.mtimeMs, fingerprint: fileFingerprint(absolute) };
}

/**
 * The cache directory of `file` under these options: `<cacheDir>/<name>-<hash of path and options>`, with
 * `cacheDir` defaulting to `.ecomlab-cache` beside the file. O(1).
 * @example cacheDirectory('/d/u.csv', cacheKeyOf(resolveBehaviorWindow(), 'auto')) // => '/d/.ecomlab-cache/u.csv-d3575674341f'
 */
export function cacheDirectory(file: string, key: CacheOptionsKey, cacheDir?: string): string {
  const absolute = path.resolve(file);
  const root = cacheDir ?? path.join(path.dirname(absolute), '.ecomlab-cache');
  const digest = crypto
    .createHash('sha256')
    .update(JSON.stringify([absolute, key.from, key.to, key.utcOffset, key.header]))
    .digest('hex')
    .slice(0, 12);
  return path.join(root, `${path.basename(absolute)}-${digest}`);
}

/** Why a cache was not used (for `report.cache` and tests). */
export type CacheMissReason =
  | 'absent'
  | 'unreadable'
  | 'version'
  | 'size'
  | 'mtime'
  | 'fingerprint'
  | 'options'
  | 'rejectSamples'
  | 'parts';

/**
 * Loads the cache of `file` if it is valid for `source` and `key`, else says why not. A cache that asks for
 * more reject samples than it stored (`maxRejectSamples` above its own while its list is full) is a miss too.
 * O(meta.json + parts' sizes).
 */
export function openCache(
  dir: string,
  source: CacheSource,
  key: CacheOptionsKey,
  maxRejectSamples: number,
): { meta: CacheMeta } | { miss: CacheMissReason } {
  let meta: CacheMeta;
  try {
    meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as CacheMeta;
  } catch (error) {
    return { miss: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable' };
  }
  if (meta.format !== CACHE_FORMAT || meta.version !== CACHE_VERSION) return { miss: 'version' };
  if (meta.source.file !== source.file || meta.source.size !== source.size) return { miss: 'size' };
  if (meta.source.mtimeMs !== source.mtimeMs) return { miss: 'mtime' };
  if (meta.source.fingerprint !== source.fingerprint) return { miss: 'fingerprint' };
  const o = meta.options;
  if (o.from !== key.from || o.to !== key.to || o.utcOffset !== key.utcOffset || o.header !== key.header)
    return { miss: 'options' };
  if (maxRejectSamples > meta.maxRejectSamples && meta.stats.rejectSamples.length >= meta.maxRejectSamples)
    return { miss: 'rejectSamples' };
  for (const part of meta.parts) {
    const expected = part.dictOffset + 4 * (part.users + part.items + part.categories);
    let size: number;
    try {
      size = fs.statSync(path.join(dir, part.file)).size;
    } catch {
      return { miss: 'parts' };
    }
    if (size !== expected) return { miss: 'parts' };
  }
  return { meta };
}

/**
 * A fresh temporary directory beside `dir` for a cache being written. O(1).
 * @example const tmp = startCacheWrite('cache/u.csv-1a2b'); // write parts into tmp, then commitCache(tmp, dir, meta)
 * tmp.startsWith('cache/u.csv-1a2b.tmp-') // => true
 */
export function startCacheWrite(dir: string): string {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  return fs.mkdtempSync(`${dir}.tmp-`);
}

/**
 * Writes meta.json into the temporary directory and renames it to `dir`, replacing an older cache. O(1).
 * @example const tmp = startCacheWrite('cache/u.csv-3c4d');
 * commitCache(tmp, 'cache/u.csv-3c4d', { format: CACHE_FORMAT, version: CACHE_VERSION } as CacheMeta);
 * JSON.parse(readFileSync('cache/u.csv-3c4d/meta.json', 'utf8')).version // => 2
 * existsSync(tmp) // => false (renamed into place)
 */
export function commitCache(tmp: string, dir: string, meta: CacheMeta): void {
  fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta));
  const old = `${dir}.old-${process.pid}-${Date.now()}`;
  let moved = false;
  try {
    fs.renameSync(dir, old);
    moved = true;
  } catch {
    // no older cache
  }
  fs.renameSync(tmp, dir);
  if (moved) fs.rmSync(old, { recursive: true, force: true });
}

/**
 * The window part of a cache key and meta, from a resolved window. O(days).
 * @example cacheKeyOf(resolveBehaviorWindow(), 'auto').from // => '2017-11-25'
 */
export function cacheKeyOf(window: BehaviorWindow, header: HeaderMode): CacheOptionsKey {
  return { from: window.from, to: window.to, utcOffset: window.utcOffset, header };
}
