/**
 * The window flags shared by the commands that read a UserBehavior file: `--from`, `--to`, `--utc-offset`
 * (validated later by the library's `resolveBehaviorWindow`).
 */

import { copyFlags } from './args';

/** `[--from YYYY-MM-DD --to YYYY-MM-DD] [--utc-offset +08:00]`, for the usage lines of the window flags. */
export const WINDOW_USAGE = '[--from YYYY-MM-DD --to YYYY-MM-DD] [--utc-offset +08:00]';

/** The window flags shared by the commands that read a UserBehavior file. */
export const WINDOW_FLAGS = ['--from', '--to', '--utc-offset'] as const;

/**
 * `--from`, `--to` and `--utc-offset` as window options (validated later by `resolveBehaviorWindow`).
 *
 * @example
 * windowFlags(new Map([['--from', '2017-11-25']])) // => { from: '2017-11-25' }
 */
export function windowFlags(values: ReadonlyMap<string, string>): {
  from?: string;
  to?: string;
  utcOffset?: string;
} {
  const window: { from?: string; to?: string; utcOffset?: string } = {};
  copyFlags(values, { '--from': 'from', '--to': 'to', '--utc-offset': 'utcOffset' }, window);
  return window;
}
