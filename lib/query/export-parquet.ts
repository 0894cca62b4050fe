/**
 * `exportParquet`: the clean events of a UserBehavior file as Apache Parquet, partitioned by local day in Hive
 * layout (`OUT/date=2017-11-25/part-00000.parquet`), which DuckDB, pandas/pyarrow, Polars, Spark and Trino read
 * as they are (`read_parquet('OUT/** /*.parquet', hive_partitioning = true)`). Columns: `user_id`, `item_id`,
 * `category_id` (uint32), `behavior_type` (string: pv, fav, cart, buy), `timestamp` (int64 unix seconds, as in the
 * CSV) and `hour` (local hour, int8); the partition column `date` is the local day at the window's UTC offset.
 * Rows are read through the same parser (rejects excluded, every line accounted for) and written per day in
 * files of at most `rowsPerFile` rows (zstd), so memory stays bounded by the open days' buffers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../errors';
import { checkCallback, checkOptionsObject, checkStringOption } from '../options';
import { resolveBehaviorWindow, type BehaviorWindowOptions } from '../behavior/window';
import { BEHAVIORS } from '../behavior/types';
import type { HeaderMode } from '../io/behavior-parser';
import { readBehaviorChunks } from '../io/load-behavior';
import { filterChunk, resolveWhere, whereIsEmpty, type BehaviorWhere } from './where';

/** Options of {@link exportParquet}. */
export interface ExportParquetOptions extends BehaviorWindowOptions {
  /** Export only the rows this filter keeps (`usersWho` is not supported here). Default: every clean row. */
  where?: BehaviorWhere;
  /** Header handling. Default `'auto'`. */
  header?: HeaderMode;
  /** Rows per Parquet file (each day has one or more files). Default 1,048,576. */
  rowsPerFile?: number;
  /** Progress: bytes read of the file's size, rows written. */
  onProgress?: (progress: { bytesDone: number; bytesTotal: number; rows: number }) => void;
}

/** What {@link exportParquet} wrote. */
export interface ExportParquetResult {
  out: string;
  /** Rows per local day (days without rows have no folder). */
  days: Array<{ date: string; rows: number; files: number }>;
  rows: number;
  files: number;
  bytes: number;
  /** Line accounting of the read (as the report's overview). */
  linesRead: number;
  rejected: number;
}

class DayBuffer {
  rows = 0;
  files = 0;
  readonly user: Uint32Array;
  readonly item: Uint32Array;
  readonly category: Uint32Array;
  readonly behavior: Uint8Array;
  readonly timestamp: Float64Array;
  constructor(capacity: number) {
    this.user = new Uint32Array(capacity);
    this.item = new Uint32Array(capacity);
    this.category = new Uint32Array(capacity);
    this.behavior = new Uint8Array(capacity);
    this.timestamp = new Float64Array(capacity);
  }
}

/** The output folder and the options object, checked before anything is read. */
function checkExportArguments(out: string, options: ExportParquetOptions): ExportParquetOptions {
  checkStringOption('out', out);
  checkCallback('onProgress', checkOptionsObject(options).onProgress);
  return options;
}

/**
 * Writes the clean events of `file` as day-partitioned Parquet under `out` (created; must be empty or absent).
 * The directory is written under a temporary name and renamed when complete. O(rows); memory O(days ·
 * rowsPerFile).
 *
 * @throws {DataError} bad options or a non-empty `out`; {@link InputFileError} for the input.
 * @example
 * (await exportParquet('data/taobao/UserBehavior_head_4321rows.csv', 'out/u')).days[0] // => { date: '2017-11-25', rows: 391, files: 1 }
 */
export async function exportParquet(
  file: string,
  out: string,
  options: ExportParquetOptions = {},
): Promise<ExportParquetResult> {
  const { rowsPerFile = 1 << 20, header = 'auto', onProgress } = checkExportArguments(out, options);
  check(Number.isInteger(rowsPerFile) && rowsPerFile >= 1, 'rowsPerFile', rowsPerFile);
  const window = resolveBehaviorWindow(options);
  const compiled = resolveWhere(options.where, window);
  check(
    compiled.usersWho === undefined,
    'where.usersWho',
    options.where?.usersWho,
    'not supported by the export',
  );
  const where = whereIsEmpty(compiled) ? undefined : compiled;
  check(
    !fs.existsSync(out) || (fs.statSync(out).isDirectory() && fs.readdirSync(out).length === 0),
    'out',
    out,
    'exists and is not an empty directory',
  );

  const arrow = require('apache-arrow') as typeof import('apache-arrow');

  const parquet = require('parquet-wasm') as typeof import('parquet-wasm');
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
  const parent = path.dirname(path.resolve(out));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(out)}.tmp-`));
  const buffers = new Map<number, DayBuffer>();
  const dayRows = new Map<number, number>();
  let bytes = 0;
  const labels = BEHAVIORS.slice();
  const flush = (day: number, buffer: DayBuffer) => {
    const n = buffer.rows;
    if (n === 0) return;
    const behaviorData = arrow.makeData({
      type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int8()),
      length: n,
      data: Int8Array.from(buffer.behavior.subarray(0, n)),
      dictionary: arrow.vectorFromArray(labels, new arrow.Utf8()),
    });
    const seconds = BigInt64Array.from(buffer.timestamp.subarray(0, n), (t) => BigInt(t));
    const hours = Int8Array.from(buffer.timestamp.subarray(0, n), (t) =>
      Math.floor(((((t - window.startSeconds) % 86400) + 86400) % 86400) / 3600),
    );
    const table = new arrow.Table({
      user_id: arrow.makeVector(buffer.user.slice(0, n)),
      item_id: arrow.makeVector(buffer.item.slice(0, n)),
      category_id: arrow.makeVector(buffer.category.slice(0, n)),
      behavior_type: arrow.makeVector(behaviorData),
      timestamp: arrow.makeVector(seconds),
      hour: arrow.makeVector(hours),
    });
    const bytesOut = parquet.writeParquet(
      parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')),
      properties,
    );
    const dir = path.join(tmp, `date=${window.days[day]}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `part-${String(buffer.files).padStart(5, '0')}.parquet`), bytesOut);
    bytes += bytesOut.length;
    buffer.files++;
    buffer.rows = 0;
  };
  try {
    const reader = readBehaviorChunks(file, {
      from: window.from,
      to: window.to,
      utcOffset: window.utcOffset,
      header,
      onProgress: onProgress
        ? ({ bytesDone, bytesTotal }) =>
            onProgress({ bytesDone, bytesTotal, rows: [...dayRows.values()].reduce((a, b) => a + b, 0) })
        : undefined,
    });
    for await (const chunk of reader) {
      if (where !== undefined) filterChunk(chunk, where);
      for (let i = 0; i < chunk.length; i++) {
        const t = chunk.timestamp[i]!;
        const day = Math.floor((t - window.startSeconds) / 86400);
        let buffer = buffers.get(day);
        if (buffer === undefined) {
          buffer = new DayBuffer(rowsPerFile);
          buffers.set(day, buffer);
        }
        const r = buffer.rows++;
        buffer.user[r] = chunk.userId[i]!;
        buffer.item[r] = chunk.itemId[i]!;
        buffer.category[r] = chunk.categoryId[i]!;
        buffer.behavior[r] = chunk.behavior[i]!;
        buffer.timestamp[r] = t;
        dayRows.set(day, (dayRows.get(day) ?? 0) + 1);
        if (buffer.rows === rowsPerFile) flush(day, buffer);
      }
    }
    for (const [day, buffer] of buffers) flush(day, buffer);
    const stats = reader.stats();
    if (fs.existsSync(out)) fs.rmdirSync(out);
    fs.renameSync(tmp, out);
    const days = [...dayRows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([day, rows]) => ({ date: window.days[day]!, rows, files: buffers.get(day)!.files }));
    return {
      out,
      days,
      rows: days.reduce((sum, d) => sum + d.rows, 0),
      files: days.reduce((sum, d) => sum + d.files, 0),
      bytes,
      linesRead: stats.linesRead,
      rejected: Object.values(stats.rejectedByReason).reduce((a, b) => a + b, 0),
    };
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
