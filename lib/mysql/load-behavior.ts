/**
 * Loads a UserBehavior CSV into MySQL/MariaDB: the shared chunked reader (same reject rules and counts as
 * the streaming engine) → TSV formatted on the fly → `LOAD DATA LOCAL INFILE` through mysql2's
 * `infileStreamFactory` (no temporary copy of the file) into a bare staging table → indexes → one atomic
 * `RENAME TABLE` swap. Falls back to batched multi-row INSERTs when the server refuses local infile.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { DataError } from '../errors';
import { resolveBehaviorWindow, type BehaviorWindowOptions } from '../behavior/window';
import type { BehaviorWindow, RejectReason, RejectSample } from '../behavior/types';
import {
  closeConnection,
  databaseError,
  DatabaseError,
  openConnection,
  type MySqlTarget,
} from './connection';
import { MAX_LOAD_TABLE_LENGTH, quoteIdentifier, validateIdentifier } from './identifiers';
import { BEHAVIOR_COLUMNS, behaviorIndexDdl, behaviorTableDdl, META_TABLE, metaTableDdl } from './schema';
import { loadComment, parseLoadComment, readBehaviorLoadMeta } from './analyze-behavior-sql';
import { probeBehaviorFile } from '../io/load-behavior';
import type { HeaderMode } from '../io/behavior-parser';
import { readForLoad, type BehaviorChunk, type LoaderReadStats as BehaviorReadStats } from './reader';

const DAY_SECONDS = 86400;
/** Bytes per LOAD DATA LOCAL packet. */
const PACKET_BYTES = 1 << 15;
/** The per-table load lock's name: `ecomlab:` + sha1(database/ecomlab_load:table), 48 characters. */
const LOCK_SQL = "CONCAT('ecomlab:', SHA1(CONCAT(DATABASE(), '/', ?)))";

/** Progress of a load: the phase, and for `load` the bytes read so far and rows kept. */
export interface LoadProgress {
  phase: 'cleanup' | 'load' | 'index' | 'swap' | 'done';
  /** Bytes of the file read so far of its size on disk (compressed bytes for gzip); `bytesTotal` is NaN in `cleanup`. */
  bytesDone: number;
  bytesTotal: number;
  /** Rows kept so far. */
  rows: number;
}

/** Options of {@link loadBehaviorIntoMySQL}. */
export interface LoadBehaviorOptions extends BehaviorWindowOptions {
  /** `mysql://user:pass@host:port/db`; or give `connection`. */
  url?: string;
  /** An open mysql2/promise connection (left open; its session settings are restored). */
  connection?: Connection;
  /** Target table, a plain identifier of at most 57 characters. Default `user_behavior`. */
  table?: string;
  /**
   * `auto` (default): LOAD DATA LOCAL INFILE, falling back to batched INSERTs when the server refuses
   * local infile; `local-infile`: never fall back; `insert`: batched INSERTs only.
   */
  mode?: 'auto' | 'local-infile' | 'insert';
  /** Fail instead of falling back to INSERTs when local infile is refused (same as `mode: 'local-infile'`). Default false. */
  strict?: boolean;
  /** Rows per multi-row INSERT in the fallback path. Default 5000. */
  insertBatchRows?: number;
  /**
   * Also `SET SESSION sql_log_bin = 0` (needs a privileged user; the loaded table is then NOT replicated).
   * Default false: replicas receive the load like any other write.
   */
  skipBinlog?: boolean;
  /** Progress callback; an exception thrown here aborts the load (the previous table stays intact). */
  onProgress?: (progress: LoadProgress) => void;
  /** Reject samples kept (first N in file order). Default 20. */
  maxRejectSamples?: number;
  /**
   * First-line header handling, as in `analyzeBehavior`: `'auto'` (default) skips a first line that looks
   * like a header, `true` always skips it, `false` never does.
   */
  header?: HeaderMode;
  /** Seconds to wait for another load of the same table to finish before failing. Default 10. */
  lockTimeoutSeconds?: number;
}

/** What {@link loadBehaviorIntoMySQL} did. */
export interface LoadBehaviorResult {
  table: string;
  /** Path as given. */
  file: string;
  mode: 'local-infile' | 'insert';
  /** Why local infile was not used (the server's message), when the load fell back to INSERTs. */
  fallbackReason?: string;
  linesRead: number;
  headerLines: number;
  rows: number;
  rejected: number;
  rejectedByReason: Record<RejectReason, number>;
  rejectSamples: RejectSample[];
  window: BehaviorWindow;
  /** True when an earlier load of `table` was replaced. */
  replaced: boolean;
  /** Leftovers of an interrupted earlier run that were dropped first (staging/backup tables). */
  cleanedUp: string[];
  /** Wall-clock seconds per phase. */
  seconds: { load: number; index: number; swap: number; total: number };
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
  const dayOf = (ts: number): number => {
    const day = Math.floor((ts - start) / DAY_SECONDS);
    if (!(day >= 0 && day < days.length)) {
      throw new DataError(`invalid timestamp: ${ts} (outside the window)`, { file, value: ts });
    }
    return day;
  };
  return {
    /** TSV bytes of a chunk (one line per row, LF-terminated). */
    tsv(chunk: BehaviorChunk): Buffer {
      const out = Buffer.allocUnsafe(chunk.length * MAX_TSV_ROW_BYTES);
      let pos = 0;
      for (let i = 0; i < chunk.length; i++) {
        const ts = chunk.timestamp[i]!;
        const day = dayOf(ts);
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
        pos += dayBytes[day]!.copy(out, pos);
        out[pos++] = 9;
        pos = putDigits(out, pos, Math.floor((ts - start - day * DAY_SECONDS) / 3600));
        out[pos++] = 10;
      }
      return out.subarray(0, pos);
    },
    /** `(row_no,user,item,category,behavior,ts,'date',hour)` per row. */
    tuples(chunk: BehaviorChunk): string[] {
      const parts = new Array<string>(chunk.length);
      for (let i = 0; i < chunk.length; i++) {
        const ts = chunk.timestamp[i]!;
        const day = dayOf(ts);
        const hour = Math.floor((ts - start - day * DAY_SECONDS) / 3600);
        parts[i] =
          `(${++rowNo},${chunk.userId[i]},${chunk.itemId[i]},${chunk.categoryId[i]},${chunk.behavior[i]},` +
          `${ts},'${days[day]}',${hour})`;
      }
      return parts;
    },
  };
}

/** True for the errors a server or client gives when LOAD DATA LOCAL is disabled. */
function isLocalInfileRefused(error: unknown): boolean {
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

async function tableExists(connection: Queryable, table: string): Promise<boolean> {
  const [found] = await connection.query<RowDataPacket[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table],
  );
  return found.length > 0;
}

/**
 * Drops `name`, a leftover (`<table>__stage` / `<table>__old`) of an interrupted ecomlab load of `table`, when
 * it exists. A table is a leftover only when its comment is `ecomlab load <id> table <table>`: an ecomlab load
 * id made for THIS target table (or, for comments of earlier versions without the target, when the metadata
 * table pairs that load id with `table`). Any other table of that name (someone else's, or a table the user
 * loaded with ecomlab under that name) is never dropped: the load stops with a message instead.
 * Returns true when a table was dropped.
 */
async function dropLeftover(connection: Queryable, name: string, table: string): Promise<boolean> {
  const [found] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [name],
  );
  if (found.length === 0) return false;
  const comment = parseLoadComment(String(found[0]?.c ?? ''));
  let leftover = comment !== undefined && comment.table === table;
  if (comment !== undefined && comment.table === undefined) {
    const [meta] = await connection.query<RowDataPacket[]>(
      `SELECT 1 FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id = ?`,
      [table, comment.loadId],
    );
    leftover = meta.length > 0;
  }
  if (!leftover) {
    const whose =
      comment === undefined
        ? 'was not created by ecomlab'
        : `is not a leftover of a load of ${table} (${comment.table !== undefined ? `ecomlab loaded it as table ${comment.table}` : 'its load is not recorded for this table'})`;
    throw new DataError(
      `invalid table: ${JSON.stringify(table)} (the loader needs the name ${name} for its staging/backup table, ` +
        `but a table of that name exists and ${whose}; it is never dropped: rename it or choose another table)`,
      { column: 'table', value: table },
    );
  }
  await connection.query(`DROP TABLE ${quoteIdentifier(name, 'table')}`);
  return true;
}

/**
 * Loads a UserBehavior CSV (`user_id,item_id,category_id,behavior_type,timestamp`, optional header,
 * `.gz` allowed) into `table`, atomically replacing any earlier load of it.
 *
 * Method: (1) take a named lock for the table, drop leftovers of an interrupted run (`<table>__stage`,
 * `<table>__old`, orphan metadata rows); (2) create the bare staging table (primary key only) and set
 * `unique_checks = 0, foreign_key_checks = 0` for the session; (3) run the shared chunked reader and
 * stream its kept rows as TSV with `event_date`/`event_hour` computed here at the window's UTC offset,
 * through `LOAD DATA LOCAL INFILE` (or batched INSERTs when the server refuses it, unless `strict`);
 * check the server stored exactly the rows kept, with no warning; (4) build the secondary indexes in
 * one ALTER TABLE; (5) record window, reader counts and rejects in `ecomlab_load_meta`; (6) swap with
 * one `RENAME TABLE t TO t__old, t__stage TO t` and drop the backup. A failure at any point drops the
 * staging table and leaves the previous table and its metadata untouched. Time O(rows); client memory
 * O(chunk).
 *
 * @param path the CSV file
 * @param options `url` or `connection`, `table`, window (`from`, `to`, `utcOffset`), `mode`, `strict`,
 *   `header`, `maxRejectSamples`, `onProgress`, ...
 * @throws {DataError} invalid table name or window; an id above 4294967295; {@link DatabaseError} for
 *   server failures and for a refused local infile under `strict` (messages never contain the password);
 *   {@link InputFileError} for a missing or unreadable file
 * @example
 * const result = await loadBehaviorIntoMySQL('data/taobao/UserBehavior_head_4321rows.csv', {
 *   url: 'mysql://root@127.0.0.1:3306/test', table: 'ub_head',
 * });
 * result.rows + result.rejected + result.headerLines === result.linesRead; // => true
 */
export async function loadBehaviorIntoMySQL(
  path: string,
  {
    url,
    connection,
    table = 'user_behavior',
    from,
    to,
    utcOffset,
    mode = 'auto',
    strict = false,
    insertBatchRows = 5000,
    skipBinlog = false,
    onProgress,
    maxRejectSamples = 20,
    header = 'auto',
    lockTimeoutSeconds = 10,
  }: LoadBehaviorOptions = {},
): Promise<LoadBehaviorResult> {
  validateIdentifier(table, 'table', MAX_LOAD_TABLE_LENGTH);
  const window = resolveBehaviorWindow({ from, to, utcOffset });
  if (window.startSeconds < 0 || window.endSeconds > 4294967296) {
    throw new DataError(
      `invalid from..to: ${window.from}..${window.to} (the MySQL schema stores unix seconds 0..4294967295, 1970..2106)`,
    );
  }
  if (!(Number.isInteger(insertBatchRows) && insertBatchRows >= 1 && insertBatchRows <= 100000)) {
    throw new DataError(`invalid insertBatchRows: ${JSON.stringify(insertBatchRows)} (1..100000)`);
  }
  if (!(Number.isFinite(lockTimeoutSeconds) && lockTimeoutSeconds >= 0)) {
    throw new DataError(`invalid lockTimeoutSeconds: ${JSON.stringify(lockTimeoutSeconds)} (>= 0)`);
  }
  if (mode !== 'auto' && mode !== 'local-infile' && mode !== 'insert') {
    throw new DataError(`invalid mode: ${JSON.stringify(mode)} (auto, local-infile or insert)`);
  }
  if (!(Number.isInteger(maxRejectSamples) && maxRejectSamples >= 0)) {
    throw new DataError(`invalid maxRejectSamples: ${JSON.stringify(maxRejectSamples)} (an integer >= 0)`);
  }
  if (header !== 'auto' && typeof header !== 'boolean') {
    throw new DataError(`invalid header: ${JSON.stringify(header)} ('auto', true or false)`);
  }
  if (url === undefined && connection === undefined) {
    throw new DataError('invalid options: give url (mysql://user:pass@host:port/db) or connection');
  }
  await probeBehaviorFile(path); // a missing or unreadable file fails before any connection
  const target: MySqlTarget = connection !== undefined ? { connection } : { url: url ?? '' };
  const opened = await openConnection(target);
  const db = opened.connection;
  const stage = `${table}__stage`;
  const backup = `${table}__old`;
  const live = quoteIdentifier(table, 'table');
  const qStage = quoteIdentifier(stage, 'table');
  const qBackup = quoteIdentifier(backup, 'table');
  const loadId = randomUUID().replace(/-/g, '');
  const started = Date.now();
  const lockName = `ecomlab_load:${table}`;
  let lockHeld = false;
  let stageCreated = false;
  let savedSession: RowDataPacket | undefined;
  const report = (progress: LoadProgress): void => onProgress?.(progress);
  try {
    // (1) lock and clean up
    // Lock names are limited to 64 characters on MySQL: hash database + table.
    const [lockRows] = await db.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_SQL}, ?) AS got`, [
      lockName,
      lockTimeoutSeconds,
    ]);
    if (Number(lockRows[0]?.got) !== 1) {
      throw new DatabaseError(
        `${opened.label}: another load into table ${table} is running (waited ${lockTimeoutSeconds} s for its lock)`,
      );
    }
    lockHeld = true;
    report({ phase: 'cleanup', bytesDone: 0, bytesTotal: NaN, rows: 0 });
    await db.query(metaTableDdl());
    const liveExists = await tableExists(db, table);
    let liveLoadId: string | undefined;
    if (liveExists) {
      try {
        liveLoadId = (await readBehaviorLoadMeta(db, table))?.loadId;
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        throw new DataError(
          `invalid table: ${JSON.stringify(table)} (it exists and was not created by ecomlab; refusing to replace it: ` +
            'drop it or choose another table)',
          { column: 'table', value: table },
        );
      }
    }
    const cleanedUp: string[] = [];
    if (await dropLeftover(db, stage, table)) cleanedUp.push(stage);
    if (liveExists && (await dropLeftover(db, backup, table))) cleanedUp.push(backup);
    await db.query(`DELETE FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id <> ?`, [
      table,
      liveLoadId ?? '',
    ]);

    // (2) bare staging table and bulk session settings
    const [sessionRows] = await db.query<RowDataPacket[]>(
      'SELECT @@SESSION.unique_checks AS uc, @@SESSION.foreign_key_checks AS fk',
    );
    savedSession = sessionRows[0];
    await db.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    if (skipBinlog) await db.query('SET SESSION sql_log_bin = 0');
    await db.query(behaviorTableDdl(stage, loadComment(loadId, table)));
    stageCreated = true;

    // (3) transfer
    const loadStarted = Date.now();
    let usedMode: 'local-infile' | 'insert' = mode === 'insert' ? 'insert' : 'local-infile';
    let fallbackReason: string | undefined;
    let stats: BehaviorReadStats | undefined;
    if (usedMode === 'local-infile') {
      try {
        stats = await transferLocalInfile(db, path, qStage, window, { maxRejectSamples, header }, report);
      } catch (error) {
        if (!isLocalInfileRefused(error)) throw error;
        const reason = (error as Error).message;
        if (strict || mode === 'local-infile') {
          throw new DatabaseError(
            `${opened.label}: the server refuses LOAD DATA LOCAL INFILE (${reason}); enable it with ` +
              '`SET GLOBAL local_infile = 1`, or load without --strict to fall back to batched INSERTs',
            { errno: (error as { errno?: number }).errno },
          );
        }
        fallbackReason = reason;
        usedMode = 'insert';
        await db.query(`TRUNCATE TABLE ${qStage}`);
      }
    }
    if (usedMode === 'insert') {
      stats = await transferInserts(
        db,
        path,
        qStage,
        window,
        { maxRejectSamples, header },
        insertBatchRows,
        report,
      );
    }
    if (stats === undefined) throw new DataError('load produced no reader statistics');
    const loadSeconds = (Date.now() - loadStarted) / 1000;

    // (4) indexes
    report({ phase: 'index', bytesDone: stats.bytesDone, bytesTotal: stats.bytesTotal, rows: stats.rows });
    const indexStarted = Date.now();
    await db.query(behaviorIndexDdl(stage));
    const indexSeconds = (Date.now() - indexStarted) / 1000;

    // (5) metadata, (6) swap
    report({ phase: 'swap', bytesDone: stats.bytesDone, bytesTotal: stats.bytesTotal, rows: stats.rows });
    const swapStarted = Date.now();
    await db.query(
      `INSERT INTO \`${META_TABLE}\` (table_name, load_id, source_file, window_from, window_to, utc_offset,
         lines_read, header_lines, rows_kept, rejected_by_reason, reject_samples, load_mode, loaded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())`,
      [
        table,
        loadId,
        path.slice(-1024),
        window.from,
        window.to,
        window.utcOffset,
        stats.linesRead,
        stats.headerLines,
        stats.rows,
        JSON.stringify(stats.rejectedByReason),
        JSON.stringify(stats.rejectSamples),
        usedMode,
      ],
    );
    const replaced = await tableExists(db, table);
    if (replaced) {
      await db.query(`RENAME TABLE ${live} TO ${qBackup}, ${qStage} TO ${live}`);
      stageCreated = false;
      await db.query(`DROP TABLE ${qBackup}`);
    } else {
      await db.query(`RENAME TABLE ${qStage} TO ${live}`);
      stageCreated = false;
    }
    await db.query(`DELETE FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id <> ?`, [table, loadId]);
    const swapSeconds = (Date.now() - swapStarted) / 1000;
    report({ phase: 'done', bytesDone: stats.bytesDone, bytesTotal: stats.bytesTotal, rows: stats.rows });
    const rejected = Object.values(stats.rejectedByReason).reduce((sum, n) => sum + n, 0);
    return {
      table,
      file: path,
      mode: usedMode,
      ...(fallbackReason !== undefined ? { fallbackReason } : {}),
      linesRead: stats.linesRead,
      headerLines: stats.headerLines,
      rows: stats.rows,
      rejected,
      rejectedByReason: stats.rejectedByReason,
      rejectSamples: stats.rejectSamples,
      window,
      replaced,
      cleanedUp,
      seconds: {
        load: loadSeconds,
        index: indexSeconds,
        swap: swapSeconds,
        total: (Date.now() - started) / 1000,
      },
    };
  } catch (error) {
    if (stageCreated) {
      await db.query(`DROP TABLE IF EXISTS ${qStage}`).catch(() => undefined);
      await db
        .query(`DELETE FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id = ?`, [table, loadId])
        .catch(() => undefined);
    }
    throw databaseError(error, opened.label, opened.secrets);
  } finally {
    if (savedSession !== undefined) {
      await db
        .query('SET SESSION unique_checks = ?, foreign_key_checks = ?', [
          Number(savedSession.uc),
          Number(savedSession.fk),
        ])
        .catch(() => undefined);
      if (skipBinlog) await db.query('SET SESSION sql_log_bin = 1').catch(() => undefined);
    }
    if (lockHeld) {
      await db.query(`SELECT RELEASE_LOCK(${LOCK_SQL})`, [lockName]).catch(() => undefined);
    }
    await closeConnection(opened);
  }
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

async function transferLocalInfile(
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

async function transferInserts(
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
