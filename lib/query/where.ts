/**
 * The typed row filter (`where`) of the UserBehavior analyses. One definition serves the streaming engine,
 * the columnar cache and the SQL engine: {@link resolveWhere} validates a {@link BehaviorWhere} against the
 * analysis window and compiles it to a {@link CompiledWhere} (plain data, structured-cloneable to workers),
 * {@link filterChunk} applies it to a chunk of kept rows, and `whereSql` (lib/mysql/where-sql.ts) renders the
 * same conditions as SQL.
 *
 * Semantics: a kept (clean, in-window) row passes when it matches every condition given; conditions left out
 * match everything. `usersWho` keeps only the rows of users who have at least one kept row matching that
 * nested filter ("users who carted on Dec 1-2"); the other conditions apply to the rows themselves.
 */
import { DataError } from '../errors';
import type { BehaviorChunk } from '../io/behavior-parser';
import { BEHAVIORS, type Behavior, type BehaviorWindow } from '../behavior/types';
import { idFilter, idFilterHas, readIdFile, type IdFilter } from './id-filter';

export { idFilter, idFilterHas, readIdFile, type IdFilter } from './id-filter';

/** A filter over UserBehavior rows. Every field is optional; several fields combine with AND. */
export interface BehaviorWhere {
  /** Keep rows of these category ids (integers 0..4294967295). */
  categories?: readonly number[];
  /** Keep rows of these item ids. */
  items?: readonly number[];
  /** Keep rows of these user ids: a list, or `{ file }` naming a text file of ids (one per line, `#` comments). */
  users?: readonly number[] | { file: string };
  /** Keep rows of these behaviours (`pv`, `fav`, `cart`, `buy`). */
  behaviors?: readonly Behavior[];
  /** Keep rows of the local days `from`..`to` (inclusive, `YYYY-MM-DD` at the window's UTC offset). */
  dates?: { from?: string; to?: string };
  /**
   * Keep rows of these local hours of day (0..23): a list, or an inclusive range `{ from, to }`; a range with
   * `from > to` wraps past midnight (`{ from: 22, to: 2 }` = 22, 23, 0, 1, 2).
   */
  hours?: readonly number[] | { from: number; to: number };
  /** Keep only the rows of users with at least one row matching this filter (it cannot nest another). */
  usersWho?: Omit<BehaviorWhere, 'usersWho'>;
}

/** A validated, compiled filter. Build with {@link resolveWhere}. */
export interface CompiledWhere {
  categories?: IdFilter;
  items?: IdFilter;
  users?: IdFilter;
  /** Bit k set = behaviour code k kept (15 = all). */
  behaviorMask: number;
  /** Kept seconds `[fromSeconds, toSeconds)` (unix seconds, already clipped to the window). */
  fromSeconds: number;
  toSeconds: number;
  /** Bit h set = local hour h kept (0xffffff = all). */
  hourMask: number;
  /** The window start (local midnight, unix seconds): local hour = ⌊((t − start) mod 86400) / 3600⌋. */
  startSeconds: number;
  /** The window end (unix seconds, exclusive). */
  endSeconds: number;
  /** The compiled `usersWho` filter. */
  usersWho?: CompiledWhere;
  /** The filter as given, normalised (ids sorted and distinct, users from a file resolved), for reports. */
  normalized: NormalizedWhere;
}

/** A filter with every list resolved, sorted and deduplicated; the form stored in reports and cache keys. */
export interface NormalizedWhere {
  categories?: number[];
  items?: number[];
  users?: number[];
  behaviors?: Behavior[];
  dates?: { from: string; to: string };
  hours?: number[];
  usersWho?: Omit<NormalizedWhere, 'usersWho'>;
}

const ALL_HOURS = 0xffffff;
const { floor } = Math;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const KEYS = ['categories', 'items', 'users', 'behaviors', 'dates', 'hours', 'usersWho'] as const;

function fail(name: string, value: unknown, hint: string): never {
  throw new DataError(`invalid where.${name}: ${JSON.stringify(value)} (${hint})`, {
    column: `where.${name}`,
    value,
  });
}

function idList(name: string, value: unknown): number[] {
  if (!Array.isArray(value)) fail(name, value, 'expected a list of integer ids');
  if (value.length === 0) fail(name, value, 'an empty list keeps nothing; leave the field out instead');
  for (const id of value as unknown[])
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 4294967295)
      fail(name, id, 'expected an integer id 0..4294967295');
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

function parseDay(name: string, value: unknown, offsetSeconds: number): number {
  if (typeof value !== 'string') fail(name, value, 'expected YYYY-MM-DD');
  const match = DATE_RE.exec(value);
  if (!match) fail(name, value, 'expected YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day)
    fail(name, value, 'not a calendar date');
  return ms / 1000 - offsetSeconds;
}

function hourList(value: unknown): number[] {
  const isHour = (h: unknown): h is number =>
    typeof h === 'number' && Number.isInteger(h) && h >= 0 && h <= 23;
  if (Array.isArray(value)) {
    if (value.length === 0) fail('hours', value, 'an empty list keeps nothing; leave the field out instead');
    for (const h of value as unknown[]) if (!isHour(h)) fail('hours', h, 'expected an hour 0..23');
    return [...new Set(value as number[])].sort((a, b) => a - b);
  }
  if (typeof value === 'object' && value !== null) {
    const { from, to } = value as { from?: unknown; to?: unknown };
    if (!isHour(from)) fail('hours.from', from, 'expected an hour 0..23');
    if (!isHour(to)) fail('hours.to', to, 'expected an hour 0..23');
    const hours: number[] = [];
    for (let h = from; ; h = (h + 1) % 24) {
      hours.push(h);
      if (h === to) break;
    }
    return hours.sort((a, b) => a - b);
  }
  return fail('hours', value, 'expected a list of hours or { from, to }');
}

/**
 * Validates `where` against the analysis `window` and compiles it. Ids are deduplicated; a user-id file is
 * read here. Complexity O(ids).
 *
 * @param where the filter; `undefined` or `{}` keeps every row.
 * @param window the resolved analysis window (its offset gives local days and hours).
 * @throws {DataError} naming the field and the value: `invalid where.hours.from: 24 (expected an hour 0..23)`,
 *   `invalid where.behaviors: "click" (expected pv, fav, cart or buy)`, `invalid where.dates: ... (outside the
 *   window ...)`, unknown fields, empty lists; a user file's bad line as `users.txt:3: invalid user id "x"`.
 * @example
 * resolveWhere({ hours: { from: 20, to: 23 } }, resolveBehaviorWindow()).hourMask // => 0xf00000
 */
export function resolveWhere(
  where: BehaviorWhere | undefined,
  window: Pick<BehaviorWindow, 'startSeconds' | 'endSeconds' | 'days' | 'utcOffset' | 'from' | 'to'>,
  nested = false,
): CompiledWhere {
  const compiled: CompiledWhere = {
    behaviorMask: 15,
    fromSeconds: window.startSeconds,
    toSeconds: window.endSeconds,
    hourMask: ALL_HOURS,
    startSeconds: window.startSeconds,
    endSeconds: window.endSeconds,
    normalized: {},
  };
  if (where === undefined) return compiled;
  if (typeof where !== 'object' || where === null || Array.isArray(where))
    throw new DataError(
      `invalid where: ${JSON.stringify(where)} (expected an object such as { categories: [1] })`,
      {
        column: 'where',
        value: where,
      },
    );
  for (const key of Object.keys(where))
    if (!(KEYS as readonly string[]).includes(key) || (nested && key === 'usersWho'))
      throw new DataError(
        `invalid where: unknown field ${JSON.stringify(key)} (expected ${KEYS.filter((k) => !nested || k !== 'usersWho').join(', ')})`,
        { column: 'where', value: key },
      );
  const out = compiled.normalized;
  if (where.categories !== undefined) {
    out.categories = idList('categories', where.categories);
    compiled.categories = idFilter(out.categories);
  }
  if (where.items !== undefined) {
    out.items = idList('items', where.items);
    compiled.items = idFilter(out.items);
  }
  if (where.users !== undefined) {
    const users = where.users as unknown;
    if (typeof users === 'object' && users !== null && !Array.isArray(users)) {
      const file = (users as { file?: unknown }).file;
      if (typeof file !== 'string' || file === '') fail('users', users, 'expected a list of ids or { file }');
      out.users = readIdFile(file);
    } else out.users = idList('users', users);
    compiled.users = idFilter(out.users);
  }
  if (where.behaviors !== undefined) {
    const list = where.behaviors as unknown;
    if (!Array.isArray(list) || list.length === 0)
      fail('behaviors', list, 'expected a non-empty list of pv, fav, cart, buy');
    let mask = 0;
    for (const behavior of list as unknown[]) {
      const code = BEHAVIORS.indexOf(behavior as Behavior);
      if (code < 0) fail('behaviors', behavior, 'expected pv, fav, cart or buy');
      mask |= 1 << code;
    }
    compiled.behaviorMask = mask;
    out.behaviors = BEHAVIORS.filter((_, code) => (mask >> code) & 1);
  }
  if (where.dates !== undefined) {
    const dates = where.dates as unknown;
    if (typeof dates !== 'object' || dates === null || Array.isArray(dates))
      fail('dates', dates, 'expected { from?: YYYY-MM-DD, to?: YYYY-MM-DD }');
    const { from = window.from, to = window.to } = dates as { from?: string; to?: string };
    const offset = parseDay('window.from', window.from, 0) - window.startSeconds; // seconds east of UTC
    const fromSeconds = parseDay('dates.from', from, offset);
    const toSeconds = parseDay('dates.to', to, offset) + 86400;
    if (toSeconds <= fromSeconds) fail('dates.to', to, `before dates.from ${from}`);
    if (fromSeconds >= window.endSeconds || toSeconds <= window.startSeconds)
      fail('dates', { from, to }, `outside the window ${window.from}..${window.to}`);
    compiled.fromSeconds = Math.max(fromSeconds, window.startSeconds);
    compiled.toSeconds = Math.min(toSeconds, window.endSeconds);
    out.dates = { from, to };
  }
  if (where.hours !== undefined) {
    const hours = hourList(where.hours);
    compiled.hourMask = hours.reduce((mask, h) => mask | (1 << h), 0);
    out.hours = hours;
  }
  if (where.usersWho !== undefined) {
    const inner = resolveWhere(where.usersWho, window, true);
    compiled.usersWho = inner;
    out.usersWho = inner.normalized;
  }
  return compiled;
}

/**
 * True when the filter keeps every row (so the engines can skip it). O(1).
 * @example whereIsEmpty(resolveWhere({}, resolveBehaviorWindow())) // => true
 */
export function whereIsEmpty(where: CompiledWhere): boolean {
  return (
    where.categories === undefined &&
    where.items === undefined &&
    where.users === undefined &&
    where.usersWho === undefined &&
    where.behaviorMask === 15 &&
    where.hourMask === ALL_HOURS &&
    where.fromSeconds <= where.startSeconds &&
    where.toSeconds >= where.endSeconds
  );
}

/** Columns {@link filterChunk} reads and compacts. */
export type FilterableChunk = BehaviorChunk;

/** True when `where` keeps row `i` of `chunk`; `usersWho`: the qualifying users, when the filter has them. */
function keepsRow(chunk: FilterableChunk, i: number, where: CompiledWhere, usersWho?: IdFilter): boolean {
  const t = chunk.timestamp[i]!;
  if (t < where.fromSeconds || t >= where.toSeconds) return false;
  if (((where.behaviorMask >> chunk.behavior[i]!) & 1) === 0) return false;
  if (where.hourMask !== ALL_HOURS) {
    const relative = t - where.startSeconds;
    const hour = floor((relative - floor(relative / 86400) * 86400) / 3600);
    if (((where.hourMask >> hour) & 1) === 0) return false;
  }
  if (where.categories !== undefined && !idFilterHas(where.categories, chunk.categoryId[i]!)) return false;
  if (where.items !== undefined && !idFilterHas(where.items, chunk.itemId[i]!)) return false;
  const user = chunk.userId[i]!;
  if (where.users !== undefined && !idFilterHas(where.users, user)) return false;
  return usersWho === undefined || idFilterHas(usersWho, user);
}

/** Positions of kept rows (reused between calls; grown on demand). */
let keptIndex = new Int32Array(1 << 16);

/**
 * Removes the rows of `chunk` that `where` does not keep, in place (kept rows move to the front, order kept),
 * and returns the number of kept rows (also stored in `chunk.length`). The `usersWho` condition is checked
 * against `usersWho`, the set of qualifying users computed by a first pass. O(rows).
 *
 * @example
 * const buys = resolveWhere({ behaviors: ['buy'] }, resolveBehaviorWindow());
 * let kept = 0;
 * for await (const chunk of readBehaviorChunks('data/taobao/UserBehavior_head_4321rows.csv'))
 *   kept += filterChunk(chunk, buys);
 * kept // => 77 (buy rows)
 */
export function filterChunk(chunk: FilterableChunk, where: CompiledWhere, usersWho?: IdFilter): number {
  if (where.usersWho !== undefined && usersWho === undefined)
    throw new Error('filterChunk: the usersWho set is missing (run the first pass)');
  const n = chunk.length;
  if (keptIndex.length < n) keptIndex = new Int32Array(n);
  const index = keptIndex;
  let kept = 0;
  for (let i = 0; i < n; i++) if (keepsRow(chunk, i, where, usersWho)) index[kept++] = i;
  if (kept < n) {
    const { userId, itemId, categoryId, behavior, timestamp } = chunk;
    for (let k = 0; k < kept; k++) userId[k] = userId[index[k]!]!;
    for (let k = 0; k < kept; k++) itemId[k] = itemId[index[k]!]!;
    for (let k = 0; k < kept; k++) categoryId[k] = categoryId[index[k]!]!;
    for (let k = 0; k < kept; k++) behavior[k] = behavior[index[k]!]!;
    for (let k = 0; k < kept; k++) timestamp[k] = timestamp[index[k]!]!;
  }
  chunk.length = kept;
  return kept;
}

/**
 * Collects into `into` the users of `chunk` with a row that `where` keeps: the first pass of a `usersWho`
 * filter. Does not modify the chunk. O(rows).
 * @example
 * const carts = resolveWhere({ behaviors: ['cart'] }, resolveBehaviorWindow());
 * const users = new Set<number>();
 * for await (const chunk of readBehaviorChunks('data/taobao/UserBehavior_head_4321rows.csv')) collectUsers(chunk, carts, users);
 * users.size // => 29 (users with a cart)
 */
export function collectUsers(chunk: FilterableChunk, where: CompiledWhere, into: Set<number>): void {
  for (let i = 0; i < chunk.length; i++) if (keepsRow(chunk, i, where)) into.add(chunk.userId[i]!);
}
