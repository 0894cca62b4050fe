/**
 * I/O of the story data: the reports' claims (`data/reports/claims.json`) and the real full log's published
 * aggregates (`data/taobao-full-aggregates`). Small files, read whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputFileError, DataError } from '../errors';
import { parseReportClaims, type ReportClaims } from './claims';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputFileError(file, `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/**
 * Reads and checks a claims file (see {@link parseReportClaims}).
 *
 * Complexity: O(file size).
 * @throws InputFileError for a missing or unreadable file or invalid JSON; DataError for a malformed claim.
 * @example
 * loadReportClaims('data/reports/claims.json').claims.length; // => 17
 */
export function loadReportClaims(file: string): ReportClaims {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  return parseReportClaims(json, file);
}

/** One day of the real full log (2017-11-25..12-03, Beijing dates). */
export interface FullLogDay {
  date: string;
  /** Page-view events that day. */
  pv: number;
  /** Users with any event that day. */
  uv: number;
  /** Users with a purchase that day. */
  buyers: number;
}

/** Published aggregates of the real 100,150,807-row log (third-party tables, see their PROVENANCE.md). */
export interface FullLogAggregates {
  /** Rows of the whole file (the behaviour counts' sum). */
  rows: number;
  /** Users: the sum of first-seen users over the nine days. */
  users: number;
  days: FullLogDay[];
  /** Events and users per behaviour. */
  behaviors: Record<'pv' | 'fav' | 'cart' | 'buy', { events: number; users: number }>;
}

function csvRows(file: string): Array<Record<string, string>> {
  const lines = readText(file).trim().split(/\r?\n/);
  const names = (lines[0] ?? '').split(',');
  return lines.slice(1).map((line, index) => {
    const cells = line.split(',');
    if (cells.length !== names.length)
      throw new DataError(`invalid field count: ${cells.length} (expected ${names.length})`, {
        file,
        line: index + 2,
        value: line,
      });
    return Object.fromEntries(cells.map((cell, i) => [names[i] as string, cell]));
  });
}

function count(file: string, line: number, name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new DataError(`invalid ${name}: ${JSON.stringify(text)}`, {
      file,
      line,
      column: name,
      value: text,
    });
  return value;
}

/**
 * Reads `harrykab12_daily_metrics.csv` and `YYyukino_full_behavior_counts.csv` from a folder.
 *
 * Complexity: O(file size).
 * @throws InputFileError for a missing file; DataError naming file, line and value for a bad number.
 * @example
 * loadFullLogAggregates('data/taobao-full-aggregates').behaviors.buy.users; // => 672404
 */
export function loadFullLogAggregates(dir: string): FullLogAggregates {
  const dailyFile = path.join(dir, 'harrykab12_daily_metrics.csv');
  const countsFile = path.join(dir, 'YYyukino_full_behavior_counts.csv');
  let users = 0;
  const days = csvRows(dailyFile).map((row, index) => {
    users += count(dailyFile, index + 2, 'new_users', row.new_users);
    return {
      date: row.event_date ?? '',
      pv: count(dailyFile, index + 2, 'pv_events', row.pv_events),
      uv: count(dailyFile, index + 2, 'uv', row.uv),
      buyers: count(dailyFile, index + 2, 'purchase_users', row.purchase_users),
    };
  });
  const behaviors = {
    pv: { events: 0, users: 0 },
    fav: { events: 0, users: 0 },
    cart: { events: 0, users: 0 },
    buy: { events: 0, users: 0 },
  };
  let rows = 0;
  csvRows(countsFile).forEach((row, index) => {
    const name = row.behavior as keyof typeof behaviors;
    if (!(name in behaviors))
      throw new DataError(`invalid behavior: ${JSON.stringify(row.behavior)}`, {
        file: countsFile,
        line: index + 2,
        value: row.behavior,
      });
    behaviors[name] = {
      events: count(countsFile, index + 2, 'n', row.n),
      users: count(countsFile, index + 2, 'users', row.users),
    };
    rows += behaviors[name].events;
  });
  return { rows, users, days, behaviors };
}
