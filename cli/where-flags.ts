/**
 * The filter flags shared by the commands that analyse a UserBehavior file (streaming or SQL):
 *
 *   --category ID[,ID...]        rows of these categories
 *   --item ID[,ID...]            rows of these items
 *   --user ID[,ID...]            rows of these users
 *   --users FILE                 rows of the users listed in FILE (one id per line, # comments, optional header)
 *   --behavior B[,B...]          rows of these behaviours (pv, fav, cart, buy)
 *   --dates FROM[..TO]           rows of these local days (YYYY-MM-DD, inclusive)
 *   --hours H-H | H[,H...]       rows of these local hours (20-23; 22-2 wraps past midnight)
 *   --users-who B[,B...][@FROM[..TO]]   only users with such an event (in those days): cart@2017-12-01..2017-12-02
 *
 * Each flag is checked here for its shape (the value is named in the error); ranges and ids are checked again
 * by `resolveWhere` in the library.
 */
import { DataError } from '../lib/errors';
import { BEHAVIORS, type Behavior } from '../lib/behavior/types';
import type { BehaviorWhere } from '../lib/query/where';

/** The value flags of a filter. */
/** The filter flags in a usage line (without `--users-who`, which not every command takes). */
export const WHERE_USAGE =
  '[--category ID,...] [--item ID,...] [--user ID,... | --users FILE] [--behavior pv,fav,cart,buy] ' +
  '[--dates FROM[..TO]] [--hours H-H|H,...]';

export const WHERE_FLAGS = [
  '--category',
  '--item',
  '--user',
  '--users',
  '--behavior',
  '--dates',
  '--hours',
  '--users-who',
] as const;

function invalid(flag: string, text: string, expected: string): never {
  throw new DataError(`invalid ${flag}: ${JSON.stringify(text)} (expected ${expected})`, {
    column: flag,
    value: text,
  });
}

function ids(flag: string, text: string): number[] {
  const parts = text.split(',');
  for (const part of parts)
    if (!/^\d{1,10}$/.test(part) || Number(part) > 4294967295)
      invalid(flag, text, 'comma-separated integer ids 0..4294967295, such as 4756105,2520377');
  return parts.map(Number);
}

function behaviors(flag: string, text: string): Behavior[] {
  const parts = text.split(',');
  for (const part of parts)
    if (!(BEHAVIORS as readonly string[]).includes(part))
      invalid(flag, text, 'pv, fav, cart or buy, comma-separated');
  return parts as Behavior[];
}

function dates(flag: string, text: string): { from: string; to: string } {
  const match = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text);
  if (!match) invalid(flag, text, 'YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD');
  return { from: match[1]!, to: match[2] ?? match[1]! };
}

function hours(flag: string, text: string): number[] | { from: number; to: number } {
  const hint =
    'an hour range such as 20-23 (22-2 wraps past midnight) or a list such as 9,12,20 (hours 0..23)';
  const range = /^(\d{1,2})-(\d{1,2})$/.exec(text);
  const isHour = (value: number) => value >= 0 && value <= 23;
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (!isHour(from) || !isHour(to)) invalid(flag, text, hint);
    return { from, to };
  }
  if (!/^\d{1,2}(,\d{1,2})*$/.test(text)) invalid(flag, text, hint);
  const list = text.split(',').map(Number);
  if (!list.every(isHour)) invalid(flag, text, hint);
  return list;
}

/**
 * The filter given by the flags in `values`, or `undefined` when none is given.
 *
 * @throws {DataError} `invalid --hours: "20-25" (expected an hour range such as 20-23 ...)`.
 * @example whereFlags(new Map([['--category', '1,2'], ['--hours', '20-23']]))
 * // => { categories: [1, 2], hours: { from: 20, to: 23 } }
 */
export function whereFlags(values: ReadonlyMap<string, string>): BehaviorWhere | undefined {
  const where: BehaviorWhere = {};
  const get = (flag: string) => values.get(flag);
  let text: string | undefined;
  if ((text = get('--category')) !== undefined) where.categories = ids('--category', text);
  if ((text = get('--item')) !== undefined) where.items = ids('--item', text);
  if (get('--user') !== undefined && get('--users') !== undefined)
    throw new DataError('invalid --users: give --user ID,... or --users FILE, not both', {
      column: '--users',
    });
  if ((text = get('--user')) !== undefined) where.users = ids('--user', text);
  if ((text = get('--users')) !== undefined) {
    if (text === '') invalid('--users', text, 'a file of user ids');
    where.users = { file: text };
  }
  if ((text = get('--behavior')) !== undefined) where.behaviors = behaviors('--behavior', text);
  if ((text = get('--dates')) !== undefined) where.dates = dates('--dates', text);
  if ((text = get('--hours')) !== undefined) where.hours = hours('--hours', text);
  if ((text = get('--users-who')) !== undefined) {
    const at = text.indexOf('@');
    const who: NonNullable<BehaviorWhere['usersWho']> = {
      behaviors: behaviors('--users-who', at < 0 ? text : text.slice(0, at)),
    };
    if (at >= 0) who.dates = dates('--users-who', text.slice(at + 1));
    where.usersWho = who;
  }
  return Object.keys(where).length > 0 ? where : undefined;
}
