/**
 * Loads a UserBehavior CSV into MySQL/MariaDB: the shared chunked reader (same reject rules and counts as
 * the streaming engine) → TSV formatted on the fly → `LOAD DATA LOCAL INFILE` through mysql2's
 * `infileStreamFactory` (no temporary copy of the file) into a bare staging table → indexes → one atomic
 * `RENAME TABLE` swap. Falls back to batched multi-row INSERTs when the server refuses local infile.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { DataError } from '../errors';
import { resolveBehaviorWindow, type BehaviorWindowOptions } from '../behavior/window';
import type { BehaviorLineCounts, BehaviorWindow } from '../behavior/types';
import {
  closeConnection,
  databaseError,
  DatabaseError,
  openConnection,
  type MySqlTarget,
} from './connection';
import { MAX_LOAD_TABLE_LENGTH, quoteIdentifier, validateIdentifier } from './identifiers';
import { behaviorIndexDdl, behaviorTableDdl, META_TABLE } from './schema';
import { loadComment } from './analyze-behavior-sql';
import {
  checkBooleanOption,
  checkCallback,
  checkOption,
  checkOptionsObject,
  checkStringOption,
} from '../options';
import { parseMysqlUrl } from './url';
import { probeBehaviorFile } from '../io/load-behavior';
import type { HeaderMode } from '../io/behavior-parser';
import { resolveReaderOptions } from '../io/reader-options';
import type { LoaderReadStats as BehaviorReadStats } from './reader';
import { transferRows, type LoadProgress, type Transfer } from './load-transfer';
import { cleanUpLeftovers, tableExists } from './load-leftovers';

export type { LoadProgress } from './load-transfer';

/** The per-table load lock's name: `ecomlab:` + sha1(database/ecomlab_load:table), 48 characters. */
const LOCK_SQL = "CONCAT('ecomlab:', SHA1(CONCAT(DATABASE(), '/', ?)))";

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
  /**
   * Name of the input recorded as `source_file` in `ecomlab_load_meta` and returned as `file`. Default the
   * path. The command line gives `-` when it read standard input through a temporary copy.
   */
  source?: string;
}

/** What {@link loadBehaviorIntoMySQL} did. */
export interface LoadBehaviorResult extends BehaviorLineCounts {
  table: string;
  /** Path as given (or `options.source`). */
  file: string;
  mode: 'local-infile' | 'insert';
  /** Why local infile was not used (the server's message), when the load fell back to INSERTs. */
  fallbackReason?: string;
  window: BehaviorWindow;
  /** True when an earlier load of `table` was replaced. */
  replaced: boolean;
  /** Leftovers of an interrupted earlier run that were dropped first (staging/backup tables). */
  cleanedUp: string[];
  /** Wall-clock seconds per phase. */
  seconds: { load: number; index: number; swap: number; total: number };
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
  options: LoadBehaviorOptions = {},
): Promise<LoadBehaviorResult> {
  const plan = checkLoadOptions(path, checkOptionsObject(options));
  await probeBehaviorFile(path); // a missing or unreadable file fails before any connection
  const { url, connection } = options;
  const target: MySqlTarget = connection !== undefined ? { connection } : { url: url ?? '' };
  const opened = await openConnection(target);
  const load: LoadState = {
    ...plan,
    db: opened.connection,
    label: opened.label,
    stage: `${plan.table}__stage`,
    backup: `${plan.table}__old`,
    loadId: randomUUID().replace(/-/g, ''),
    lockHeld: false,
    stageCreated: false,
    savedSession: undefined,
  };
  const started = Date.now();
  try {
    await acquireLoadLock(load); // (1)
    const cleanedUp = await cleanUpLeftovers(load.db, load.table, load.stage, load.backup);
    await prepareStage(load); // (2)
    const transfer = await transferRows(path, load); // (3)
    const indexSeconds = await buildIndexes(load, transfer.stats); // (4)
    const source = options.source ?? path;
    const swap = await recordAndSwap(source, load, transfer); // (5), (6)
    const { stats } = transfer;
    return {
      table: load.table,
      file: source,
      mode: transfer.mode,
      ...(transfer.fallbackReason !== undefined ? { fallbackReason: transfer.fallbackReason } : {}),
      linesRead: stats.linesRead,
      headerLines: stats.headerLines,
      rows: stats.rows,
      rejected: Object.values(stats.rejectedByReason).reduce((sum, n) => sum + n, 0),
      rejectedByReason: stats.rejectedByReason,
      rejectSamples: stats.rejectSamples,
      window: load.window,
      replaced: swap.replaced,
      cleanedUp,
      seconds: {
        load: transfer.seconds,
        index: indexSeconds,
        swap: swap.seconds,
        total: (Date.now() - started) / 1000,
      },
    };
  } catch (error) {
    await dropStage(load);
    throw databaseError(error, opened.label, opened.secrets);
  } finally {
    await restoreSession(load);
    await closeConnection(opened);
  }
}

/** The checked options of a load. */
interface LoadPlan {
  table: string;
  window: BehaviorWindow;
  mode: 'auto' | 'local-infile' | 'insert';
  strict: boolean;
  insertBatchRows: number;
  skipBinlog: boolean;
  maxRejectSamples: number;
  header: HeaderMode;
  lockTimeoutSeconds: number;
  report: (progress: LoadProgress) => void;
}

/** A load in progress: its plan, connection, names and what must be undone on failure. */
interface LoadState extends LoadPlan {
  db: Connection;
  label: string;
  stage: string;
  backup: string;
  loadId: string;
  lockHeld: boolean;
  stageCreated: boolean;
  savedSession: RowDataPacket | undefined;
}

/** Phase 0: applies the defaults and checks every option, before any file or connection is touched. */
function checkLoadOptions(
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
    maxRejectSamples,
    header,
    lockTimeoutSeconds = 10,
    source,
  }: LoadBehaviorOptions,
): LoadPlan {
  validateIdentifier(table, 'table', MAX_LOAD_TABLE_LENGTH);
  const window = resolveBehaviorWindow({ from, to, utcOffset });
  if (window.startSeconds < 0 || window.endSeconds > 4294967296) {
    throw new DataError(
      `invalid from..to: ${window.from}..${window.to} (the MySQL schema stores unix seconds 0..4294967295, 1970..2106)`,
    );
  }
  checkOption('insertBatchRows', insertBatchRows);
  checkOption('lockTimeoutSeconds', lockTimeoutSeconds);
  checkCallback('onProgress', onProgress);
  checkStringOption('source', source);
  checkBooleanOption('strict', strict);
  checkBooleanOption('skipBinlog', skipBinlog);
  if (mode !== 'auto' && mode !== 'local-infile' && mode !== 'insert') {
    throw new DataError(`invalid mode: ${JSON.stringify(mode)} (auto, local-infile or insert)`);
  }
  const reader = resolveReaderOptions(path, { from, to, utcOffset, maxRejectSamples, header });
  if (url === undefined && connection === undefined) {
    throw new DataError('invalid options: give url (mysql://user:pass@host:port/db) or connection');
  }
  if (connection === undefined) parseMysqlUrl(url ?? ''); // a malformed URL fails before the file is opened
  return {
    table,
    window,
    mode,
    strict,
    insertBatchRows,
    skipBinlog,
    maxRejectSamples: reader.maxRejectSamples,
    header: reader.header,
    lockTimeoutSeconds,
    report: (progress) => onProgress?.(progress),
  };
}

/** Phase 1a: the per-table named lock (names are limited to 64 characters on MySQL: hash database + table). */
async function acquireLoadLock(load: LoadState): Promise<void> {
  const [lockRows] = await load.db.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_SQL}, ?) AS got`, [
    `ecomlab_load:${load.table}`,
    load.lockTimeoutSeconds,
  ]);
  if (Number(lockRows[0]?.got) !== 1) {
    throw new DatabaseError(
      `${load.label}: another load into table ${load.table} is running (waited ${load.lockTimeoutSeconds} s for its lock)`,
    );
  }
  load.lockHeld = true;
  load.report({ phase: 'cleanup', bytesDone: 0, bytesTotal: NaN, rows: 0 });
}

/** Phase 2: the bare staging table (primary key only) and the bulk session settings. */
async function prepareStage(load: LoadState): Promise<void> {
  const { db } = load;
  const [sessionRows] = await db.query<RowDataPacket[]>(
    'SELECT @@SESSION.unique_checks AS uc, @@SESSION.foreign_key_checks AS fk',
  );
  load.savedSession = sessionRows[0];
  await db.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  if (load.skipBinlog) await db.query('SET SESSION sql_log_bin = 0');
  await db.query(behaviorTableDdl(load.stage, loadComment(load.loadId, load.table)));
  load.stageCreated = true;
}

/** Phase 4: the secondary indexes in one ALTER TABLE. Returns its seconds. */
async function buildIndexes(load: LoadState, stats: BehaviorReadStats): Promise<number> {
  load.report({ phase: 'index', bytesDone: stats.bytesDone, bytesTotal: stats.bytesTotal, rows: stats.rows });
  const started = Date.now();
  await load.db.query(behaviorIndexDdl(load.stage));
  return (Date.now() - started) / 1000;
}

/**
 * Phases 5 and 6: records window, reader counts and rejects in the metadata table, then swaps the staging
 * table in with one atomic RENAME TABLE and drops the backup and the metadata of the replaced load.
 */
async function recordAndSwap(
  path: string,
  load: LoadState,
  { stats, mode }: Transfer,
): Promise<{ replaced: boolean; seconds: number }> {
  const { db, table, window } = load;
  const live = quoteIdentifier(table, 'table');
  const qStage = quoteIdentifier(load.stage, 'table');
  const qBackup = quoteIdentifier(load.backup, 'table');
  load.report({ phase: 'swap', bytesDone: stats.bytesDone, bytesTotal: stats.bytesTotal, rows: stats.rows });
  const started = Date.now();
  await db.query(
    `INSERT INTO \`${META_TABLE}\` (table_name, load_id, source_file, window_from, window_to, utc_offset,
         lines_read, header_lines, rows_kept, rejected_by_reason, reject_samples, load_mode, loaded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())`,
    [
      table,
      load.loadId,
      path.slice(-1024),
      window.from,
      window.to,
      window.utcOffset,
      stats.linesRead,
      stats.headerLines,
      stats.rows,
      JSON.stringify(stats.rejectedByReason),
      JSON.stringify(stats.rejectSamples),
      mode,
    ],
  );
  const replaced = await tableExists(db, table);
  if (replaced) {
    await db.query(`RENAME TABLE ${live} TO ${qBackup}, ${qStage} TO ${live}`);
    load.stageCreated = false;
    await db.query(`DROP TABLE ${qBackup}`);
  } else {
    await db.query(`RENAME TABLE ${qStage} TO ${live}`);
    load.stageCreated = false;
  }
  await db.query(`DELETE FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id <> ?`, [table, load.loadId]);
  const seconds = (Date.now() - started) / 1000;
  load.report({ phase: 'done', bytesDone: stats.bytesDone, bytesTotal: stats.bytesTotal, rows: stats.rows });
  return { replaced, seconds };
}

/** On failure: drops the staging table and its metadata row; the previous table stays untouched. */
async function dropStage(load: LoadState): Promise<void> {
  if (!load.stageCreated) return;
  await load.db.query(`DROP TABLE IF EXISTS ${quoteIdentifier(load.stage, 'table')}`).catch(() => undefined);
  await load.db
    .query(`DELETE FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id = ?`, [load.table, load.loadId])
    .catch(() => undefined);
}

/** Always: restores the session settings and releases the lock (errors here are ignored). */
async function restoreSession(load: LoadState): Promise<void> {
  const { db, savedSession } = load;
  if (savedSession !== undefined) {
    await db
      .query('SET SESSION unique_checks = ?, foreign_key_checks = ?', [
        Number(savedSession.uc),
        Number(savedSession.fk),
      ])
      .catch(() => undefined);
    if (load.skipBinlog) await db.query('SET SESSION sql_log_bin = 1').catch(() => undefined);
  }
  if (load.lockHeld) {
    await db.query(`SELECT RELEASE_LOCK(${LOCK_SQL})`, [`ecomlab_load:${load.table}`]).catch(() => undefined);
  }
}
