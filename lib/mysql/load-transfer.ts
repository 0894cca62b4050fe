/**
 * The transfer phase of the MySQL loader: kept rows from the shared reader, formatted as TSV for
 * `LOAD DATA LOCAL INFILE` (streamed through mysql2's `infileStreamFactory`, no temporary file) or as tuples
 * for batched INSERTs, and the check that the server stored exactly those rows. `event_date`/`event_hour`
 * come from the one day/hour bucketing of the analysis ({@link dayHourOf}).
 * @internal
 */
import { Readable } from 'node:stream';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { DataError } from '../errors';
import { DatabaseError } from './connection';
import { quoteIdentifier } from './identifiers';
import { dayHourOf } from '../behavior/window';
import type { BehaviorWindow } from '../behavior/types';
import type { HeaderMode } from '../io/behavior-parser';
import { BEHAVIOR_COLUMNS } from './schema';
import { readForLoad, type BehaviorChunk, type LoaderReadStats as BehaviorReadStats } from './reader';

/** Bytes per LOAD DATA LOCAL packet. */
const PACKET_BYTES = 1 << 15;

/** Progress of a load: the phase, and for `load` the bytes read so far and rows kept. */
export interface LoadProgress {
  phase: 'cleanup' | 'load' | 'index' | 'swap' | 'done';
  /** Bytes of the file read so far of its size on disk (compressed bytes for gzip); `bytesTotal` is NaN in `cleanup`. */
  bytesDone: number;
  bytesTotal: number;
  /** Rows kept so far. */
  rows: number;
}

type Queryable = Pick<Connection, 'query'>;

/** Scratch space for {@link putDigits} (digits are produced backwards). */
const DIGITS = Buffer.allocUnsafe(16);

/** Writes the decimal digits of an integer 0..4294967295 at `pos`; returns the end position. */
function putDigits(buf: Buffer, pos: number, value: number): number {
  if (value < 10) {
    buf[pos] = 48 + value;
    return pos + 1;
  }
  let n = 0;
  let rest = value;
  while (rest > 0) {
    const next = (rest / 10) >>> 0;
    DIGITS[n++] = 48 + rest - next * 10;
    rest = next;
  }
  while (n > 0) buf[pos++] = DIGITS[--n]!;
  return pos;
}

/** Longest TSV row: 6 integers of at most 10 digits, a date, an hour, 7 tabs and a newline. */
const MAX_TSV_ROW_BYTES = 6 * 10 + 10 + 2 + 8;

/**
 * Formats kept rows as the loader's column list (`row_no .. event_hour`): TSV bytes for LOAD DATA or
 * `(...)` tuples for INSERT. `event_date`/`event_hour` are computed here from the window (local midnight
 * of `from` at the UTC offset), never by the server's time zone. Values are integers the parser already
 * range-checked (ids 0..4294967295, timestamps inside the window), so they are safe to inline.
 */
function chunkFormatter(window: BehaviorWindow, file: string) {
  const days = window.days;
  const dayBytes = days.map((day) => Buffer.from(day, 'latin1'));
  const start = window.startSeconds;
  let rowNo = 0;
  /** The packed day and hour of `ts` (see dayHourOf), checked to lie inside the window. */
  const dayHour = (ts: number): number => {
    const packed = dayHourOf(ts - start);
    const day = packed >> 5;
    if (!(day >= 0 && day < days.length)) {
      throw new DataError(`invalid timestamp: ${ts} (outside the window)`, { file, value: ts });
    }
    return packed;
  };
  return {
    /** TSV bytes of a chunk (one line per row, LF-terminated). */
    tsv(chunk: BehaviorChunk): Buffer {
      const out = Buffer.allocUnsafe(chunk.length * MAX_TSV_ROW_BYTES);
      let pos = 0;
      for (let i = 0; i < chunk.length; i++) {
        const ts = chunk.timestamp[i]!;
        const packed = dayHour(ts);
        pos = putDigits(out, pos, ++rowNo);
        out[pos++] = 9;
        pos = putDigits(out, pos, chunk.userId[i]!);
        out[pos++] = 9;
        pos = putDigits(out, pos, chunk.itemId[i]!);
        out[pos++] = 9;
        pos = putDigits(out, pos, chunk.categoryId[i]!);
        out[pos++] = 9;
        out[pos++] = 48 + chunk.behavior[i]!;
        out[pos++] = 9;
        pos = putDigits(out, pos, ts);
        out[pos++] = 9;
        pos += dayBytes[packed >> 5]!.copy(out, pos);
        out[pos++] = 9;
        pos = putDigits(out, pos, packed & 31);
        out[pos++] = 10;
      }
      return out.subarray(0, pos);
    },
    /** `(row_no,user,item,category,behavior,ts,'date',hour)` per row. */
    tuples(chunk: BehaviorChunk): string[] {
      const parts = new Array<string>(chunk.length);
      for (let i = 0; i < chunk.length; i++) {
        const ts = chunk.timestamp[i]!;
        const packed = dayHour(ts);
        parts[i] =
          `(${++rowNo},${chunk.userId[i]},${chunk.itemId[i]},${chunk.categoryId[i]},${chunk.behavior[i]},` +
          `${ts},'${days[packed >> 5]}',${packed & 31})`;
      }
      return parts;
    },
  };
}

/** True for the errors a server or client gives when LOAD DATA LOCAL is disabled. */
export function isLocalInfileRefused(error: unknown): boolean {
  const e = error as { errno?: number; code?: string; message?: string };
  return (
    e?.errno === 1148 || // ER_NOT_ALLOWED_COMMAND (MariaDB, MySQL 5.x / 8 with local_infile=0)
    e?.errno === 3948 || // ER_CLIENT_LOCAL_FILES_DISABLED (MySQL 8)
    e?.errno === 2068 || // CR_LOAD_DATA_LOCAL_INFILE_REJECTED
    e?.errno === 4166 || // ER_LOAD_INFILE_CAPABILITY_DISABLED (MariaDB 10.5+)
    /local infile capability|local (data|infile).*(disabled|not allowed)|not allowed with this (MariaDB|MySQL) version/i.test(
      e?.message ?? '',
    )
  );
}

/** Checks the server's answer to a bulk statement: exactly `expected` rows, no warning. */
async function checkStored(
  db: Queryable,
  header: ResultSetHeader,
  expected: number,
  what: string,
): Promise<void> {
  const warnings = (header as ResultSetHeader & { warningStatus?: number }).warningStatus ?? 0;
  if (warnings > 0) {
    const [list] = await db.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 3');
    const text = list.map((w) => `${String(w.Level)} ${String(w.Code)}: ${String(w.Message)}`).join('; ');
    throw new DataError(`${what} raised ${warnings} warning(s): ${text}`);
  }
  if (header.affectedRows !== expected) {
    throw new DataError(`${what} stored ${header.affectedRows} rows, expected ${expected}`);
  }
}

export async function transferLocalInfile(
  db: Connection,
  path: string,
  qStage: string,
  window: BehaviorWindow,
  read: { maxRejectSamples: number; header: HeaderMode },
  report: (progress: LoadProgress) => void,
): Promise<BehaviorReadStats> {
  const format = chunkFormatter(window, path);
  const reader = readForLoad(path, window, read);
  async function* tsv(): AsyncGenerator<Buffer> {
    for await (const { chunk, progress } of reader.chunks) {
      const bytes = format.tsv(chunk);
      // Packets of at most PACKET_BYTES: the server handles many mid-sized packets faster than a few large ones.
      for (let at = 0; at < bytes.length; at += PACKET_BYTES) yield bytes.subarray(at, at + PACKET_BYTES);
      report({ phase: 'load', ...progress });
    }
  }
  let factoryCalled = false;
  const sql =
    `LOAD DATA LOCAL INFILE 'ecomlab-behavior.tsv' INTO TABLE ${qStage} CHARACTER SET ascii ` +
    "FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n' " +
    `(${BEHAVIOR_COLUMNS.map((c) => `\`${c}\``).join(', ')})`;
  const [header] = await db.query<ResultSetHeader>({
    sql,
    infileStreamFactory: () => {
      factoryCalled = true;
      return Readable.from(tsv(), { objectMode: false, highWaterMark: 1 << 20 });
    },
  });
  if (!factoryCalled) throw new DataError('the server did not request the local file');
  const stats = reader.stats();
  await checkStored(db, header, stats.rows, 'LOAD DATA LOCAL INFILE');
  return stats;
}

export async function transferInserts(
  db: Connection,
  path: string,
  qStage: string,
  window: BehaviorWindow,
  read: { maxRejectSamples: number; header: HeaderMode },
  batchRows: number,
  report: (progress: LoadProgress) => void,
): Promise<BehaviorReadStats> {
  const format = chunkFormatter(window, path);
  const reader = readForLoad(path, window, read);
  const prefix = `INSERT INTO ${qStage} (${BEHAVIOR_COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES `;
  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const [header] = await db.query<ResultSetHeader>(prefix + batch.join(','));
    await checkStored(db, header, batch.length, 'INSERT');
    batch = [];
  };
  for await (const { chunk, progress } of reader.chunks) {
    for (const tuple of format.tuples(chunk)) {
      batch.push(tuple);
      if (batch.length >= batchRows) await flush();
    }
    report({ phase: 'load', ...progress });
  }
  await flush();
  return reader.stats();
}

/** What {@link transferRows} needs of a load. */
export interface TransferPlan {
  db: Connection;
  /** The server, for messages (never with the password). */
  label: string;
  stage: string;
  window: BehaviorWindow;
  mode: 'auto' | 'local-infile' | 'insert';
  strict: boolean;
  insertBatchRows: number;
  maxRejectSamples: number;
  header: HeaderMode;
  report: (progress: LoadProgress) => void;
}

/** What the transfer phase did. */
export interface Transfer {
  stats: BehaviorReadStats;
  mode: 'local-infile' | 'insert';
  fallbackReason?: string;
  seconds: number;
}

/** Phase 3: the rows, by LOAD DATA LOCAL INFILE or (refused, and allowed to) by batched INSERTs. */
export async function transferRows(path: string, load: TransferPlan): Promise<Transfer> {
  const { db, window, report } = load;
  const qStage = quoteIdentifier(load.stage, 'table');
  const read = { maxRejectSamples: load.maxRejectSamples, header: load.header };
  const started = Date.now();
  let mode: 'local-infile' | 'insert' = load.mode === 'insert' ? 'insert' : 'local-infile';
  let fallbackReason: string | undefined;
  let stats: BehaviorReadStats | undefined;
  if (mode === 'local-infile') {
    try {
      stats = await transferLocalInfile(db, path, qStage, window, read, report);
    } catch (error) {
      if (!isLocalInfileRefused(error)) throw error;
      const reason = (error as Error).message;
      if (load.strict || load.mode === 'local-infile') {
        throw new DatabaseError(
          `${load.label}: the server refuses LOAD DATA LOCAL INFILE (${reason}); enable it with ` +
            '`SET GLOBAL local_infile = 1`, or load without --strict to fall back to batched INSERTs',
          { errno: (error as { errno?: number }).errno },
        );
      }
      fallbackReason = reason;
      mode = 'insert';
      await db.query(`TRUNCATE TABLE ${qStage}`);
    }
  }
  if (mode === 'insert') {
    stats = await transferInserts(db, path, qStage, window, read, load.insertBatchRows, report);
  }
  if (stats === undefined) throw new DataError('load produced no reader statistics');
  return {
    stats,
    mode,
    ...(fallbackReason !== undefined ? { fallbackReason } : {}),
    seconds: (Date.now() - started) / 1000,
  };
}
