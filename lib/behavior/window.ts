/**
 * The analysis window of the UserBehavior report: whole calendar days `from`..`to` (inclusive) at a
 * fixed UTC offset. Every day/hour in the report is computed at that offset.
 */
import { check } from '../errors';
import type { BehaviorWindow } from './types';

/** Options of {@link resolveBehaviorWindow}. */
export interface BehaviorWindowOptions {
  /** First day, `YYYY-MM-DD`. Default `2017-11-25`. */
  from?: string;
  /** Last day, `YYYY-MM-DD`, inclusive. Default `2017-12-03`. */
  to?: string;
  /** UTC offset `±HH:MM`. Default `+08:00` (Beijing). */
  utcOffset?: string;
}

/** The longest window accepted, in days (per-user state and the retention matrix grow with it). */
export const MAX_WINDOW_DAYS = 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_RE = /^([+-])(\d{2}):(\d{2})$/;

/** Seconds per day: the one definition every day bucket of the behaviour analysis uses. */
export const DAY_SECONDS = 86400;
/** Seconds per hour. */
export const HOUR_SECONDS = 3600;
// Module-level alias: hot loops stay fast even where `Math` is a slow cross-context global (jest's vm).
const { floor } = Math;

/**
 * The day and hour bucket of a timestamp, the one definition shared by the streaming accumulator and the
 * MySQL loader (which stores `event_date`/`event_hour`). `secondsSinceStart` = unix seconds − the window's
 * `startSeconds` (local midnight of its first day); the day index counts from 0 and the hour 0..23 is local
 * at the window's UTC offset. Packed into one integer so hot loops allocate nothing: `day = packed >> 5`,
 * `hour = packed & 31`. O(1).
 *
 * @example
 * const packed = dayHourOf(1511544070 - resolveBehaviorWindow().startSeconds);
 * [packed >> 5, packed & 31] // => [0, 1] (2017-11-25, 01:xx at UTC+8)
 */
export function dayHourOf(secondsSinceStart: number): number {
  const day = floor(secondsSinceStart / DAY_SECONDS);
  return (day << 5) | floor((secondsSinceStart - day * DAY_SECONDS) / HOUR_SECONDS);
}

function parseDate(name: string, value: unknown): number {
  check(typeof value === 'string', name, value, 'expected YYYY-MM-DD');
  const match = DATE_RE.exec(value);
  check(match !== null, name, value, 'expected YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  check(
    back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day,
    name,
    value,
    'not a calendar date',
  );
  return ms / 1000;
}

/**
 * Parses a UTC offset `±HH:MM` into seconds east of UTC.
 *
 * @throws {DataError} `invalid utcOffset: "+8" (expected ±HH:MM such as +08:00)`.
 * @example parseUtcOffset('+08:00') // => 28800
 */
export function parseUtcOffset(utcOffset: string): number {
  const hint = 'expected ±HH:MM such as +08:00';
  check(typeof utcOffset === 'string', 'utcOffset', utcOffset, hint);
  const match = OFFSET_RE.exec(utcOffset);
  check(match !== null, 'utcOffset', utcOffset, hint);
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  check(hours <= 14 && minutes < 60 && hours * 60 + minutes <= 14 * 60, 'utcOffset', utcOffset, hint);
  return (match[1] === '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
}

/** Formats a UTC midnight (unix seconds) as `YYYY-MM-DD`. */
function formatDay(utcMidnightSeconds: number): string {
  return new Date(utcMidnightSeconds * 1000).toISOString().slice(0, 10);
}

/**
 * Validates a window and resolves it to its days and its `[startSeconds, endSeconds)` unix-second range.
 * The start is local midnight of `from` at `utcOffset`; the end is local midnight after `to`.
 * Complexity O(days).
 *
 * @param options `from`, `to` (YYYY-MM-DD, default 2017-11-25..2017-12-03) and `utcOffset` (default +08:00).
 * @throws {DataError} `invalid from: "2017-13-01" (not a calendar date)`, `invalid utcOffset: "+8" (...)`,
 *   `invalid to: ... (before from ...)`, or a window longer than {@link MAX_WINDOW_DAYS} days.
 * @example
 * resolveBehaviorWindow({}).startSeconds // => 1511539200 (2017-11-25 00:00 at UTC+8)
 * resolveBehaviorWindow({}).days.length  // => 9
 */
export function resolveBehaviorWindow({
  from = '2017-11-25',
  to = '2017-12-03',
  utcOffset = '+08:00',
}: BehaviorWindowOptions = {}): BehaviorWindow {
  const fromUtc = parseDate('from', from);
  const toUtc = parseDate('to', to);
  const offset = parseUtcOffset(utcOffset);
  check(toUtc >= fromUtc, 'to', to, `before from ${from}`);
  const dayCount = (toUtc - fromUtc) / DAY_SECONDS + 1;
  check(dayCount <= MAX_WINDOW_DAYS, 'to', to, `window longer than ${MAX_WINDOW_DAYS} days`);
  const days: string[] = [];
  for (let d = 0; d < dayCount; d++) days.push(formatDay(fromUtc + d * DAY_SECONDS));
  return {
    from,
    to,
    utcOffset,
    days,
    startSeconds: fromUtc - offset,
    endSeconds: toUtc + DAY_SECONDS - offset,
  };
}
