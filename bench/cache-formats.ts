/**
 * Measures the cache format choice (README "Why a small custom format"): reads the first blocks of an ecomlab
 * cache, then stores the same rows as Arrow IPC (apache-arrow) and as zstd Parquet (parquet-wasm), printing
 * bytes per row and read (and Parquet write) times of each.
 * Usage: npx tsx bench/cache-formats.ts CACHE_DIR [BLOCKS=3]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import type { CacheBlockInfo } from '../lib/query/cache-format';
import { CacheBlockReader } from '../lib/query/cache-reader';
import type { CacheMeta } from '../lib/query/cache';

const [dir, blockCount = '3'] = process.argv.slice(2);
if (!dir) throw new Error('usage: cache-formats.ts CACHE_DIR [BLOCKS]');
const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as CacheMeta;
const part = meta.parts[0]!;
const blocks: CacheBlockInfo[] = part.blocks.slice(0, Number(blockCount));
const rows = blocks.reduce((sum, block) => sum + block.rows, 0);
const ms = (since: bigint) => Math.round(Number(process.hrtime.bigint() - since) / 1e6);

const user = new Uint32Array(rows);
const item = new Uint32Array(rows);
const category = new Uint32Array(rows);
const behavior = new Int8Array(rows);
const timestamp = new Float64Array(rows);
const reader = new CacheBlockReader(path.join(dir, part.file));
let started = process.hrtime.bigint();
const dicts = reader.dictionaries(part);
let at = 0;
for (const block of blocks) {
  const cols = reader.read(block);
  for (let i = 0; i < cols.rows; i++, at++) {
    const word = cols.packed[i]!;
    user[at] = dicts.users[cols.users[i]!]!;
    item[at] = dicts.items[cols.items[i]!]!;
    category[at] = dicts.categories[cols.dict[cols.codes[i]!]!]!;
    behavior[at] = word & 3;
    timestamp[at] = meta.window.startSeconds + (word >>> 2);
  }
}
const oursMs = ms(started);
reader.close();
const oursBytes = blocks.reduce((sum, block) => sum + block.bytes, 0);

const table = new arrow.Table({
  user_id: arrow.makeVector(user),
  item_id: arrow.makeVector(item),
  category_id: arrow.makeVector(category),
  behavior: arrow.makeVector(behavior),
  timestamp: arrow.makeVector(timestamp),
});
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-formats-'));
try {
  const ipcFile = path.join(tmp, 'rows.arrow');
  fs.writeFileSync(ipcFile, arrow.tableToIPC(table, 'file'));
  started = process.hrtime.bigint();
  const back = arrow.tableFromIPC(fs.readFileSync(ipcFile));
  const arrowMs = ms(started);
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
  started = process.hrtime.bigint();
  const bytes = parquet.writeParquet(
    parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')),
    properties,
  );
  const parquetWriteMs = ms(started);
  const parquetFile = path.join(tmp, 'rows.parquet');
  fs.writeFileSync(parquetFile, bytes);
  started = process.hrtime.bigint();
  const fromParquet = arrow.tableFromIPC(parquet.readParquet(fs.readFileSync(parquetFile)).intoIPCStream());
  const parquetReadMs = ms(started);
  const perRow = (n: number) => Number((n / rows).toFixed(2));
  process.stdout.write(
    `${JSON.stringify({
      rows,
      ecomlab: { bytesPerRow: perRow(oursBytes), readDecodeMs: oursMs },
      arrowIpc: { bytesPerRow: perRow(fs.statSync(ipcFile).size), readMs: arrowMs, rows: back.numRows },
      parquetZstd: {
        bytesPerRow: perRow(bytes.length),
        writeMs: parquetWriteMs,
        readMs: parquetReadMs,
        rows: fromParquet.numRows,
      },
      loadAverage: os.loadavg()[0],
    })}\n`,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
