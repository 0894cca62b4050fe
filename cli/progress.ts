/**
 * Progress on stderr, shared by the commands that read a file: one line rewritten in place,
 * `\r<what>: 12.3% 4,567 rows, 1.2 s`, at most every 200 ms (unless `force`, e.g. for the last call or a
 * new phase). Only used when stderr is a terminal or `--progress` asks for it.
 */

/** Counts as in the reports: `4,567`. */
export const int = (value: number): string => value.toLocaleString('en-US');

/** What a progress callback reports. */
export interface ProgressPoint {
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

/**
 * A printer of progress lines, timed from `started`.
 *
 * @example
 * const print = progressPrinter(); print('load', { bytesDone: 1, bytesTotal: 4, rows: 10 }) // "\rload: 25.0% 10 rows, 0.0 s"
 */
export function progressPrinter(
  started = Date.now(),
): (what: string, point: ProgressPoint, force?: boolean) => void {
  let last = 0;
  return (what, { bytesDone, bytesTotal, rows }, force = false) => {
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    const done =
      Number.isFinite(bytesTotal) && bytesTotal > 0 ? `${((100 * bytesDone) / bytesTotal).toFixed(1)}% ` : '';
    process.stderr.write(
      `\r${what}: ${done}${int(rows)} rows, ${((now - started) / 1000).toFixed(1)} s      `,
    );
  };
}
