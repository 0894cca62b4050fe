/**
 * A progress bar for long passes in a notebook that updates in place (one display, re-rendered through
 * Jupyter's `update_display_data`, not a stream of lines), and cancellation: while a pass runs, an interrupt
 * (the kernel's Interrupt button sends SIGINT, as does Ctrl-C in a terminal) aborts the pass's `AbortSignal`,
 * which terminates its worker threads.
 *
 * @example
 * const drawn: string[] = [];
 * const bar = progressBar({ label: 'head', sink: { html: (html) => drawn.push(html) }, interruptible: false });
 * const report = await bar.run((options) => analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv', options));
 * [report.overview.rows, drawn.at(-1)?.includes('100%')]; // => [4320, true]
 */
import * as path from 'node:path';
import { escapeHtml } from './html';

/** Where the bar is drawn: each call replaces the previous drawing (tslab's `newDisplay()` does this). */
export interface ProgressSink {
  html(html: string): void;
}

/** What an analysis reports (the `onProgress` callback of `analyzeBehavior`). */
export interface ProgressEvent {
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** Text before the bar. Default `'progress'`. */
  label?: string;
  /** Where to draw. Default: a new tslab display (updated in place); none outside a tslab kernel. */
  sink?: ProgressSink;
  /** Least time between two drawings, in ms (the first and the last are always drawn). Default 250. */
  minIntervalMs?: number;
  /** Clock in ms (tests). Default `Date.now`. */
  now?: () => number;
  /** Abort on SIGINT (the kernel's interrupt) while a pass runs. Default true. */
  interruptible?: boolean;
}

/** A progress bar bound to one display. */
export interface ProgressBar {
  /** Pass as `onProgress`. */
  update(event: ProgressEvent): void;
  /** Pass as `signal`: aborted by SIGINT while {@link ProgressBar.run} runs, or by {@link ProgressBar.cancel}. */
  signal: AbortSignal;
  /** Aborts the pass. */
  cancel(): void;
  /**
   * Runs `pass` with `{ onProgress, signal }`, listening for SIGINT meanwhile; draws the final state
   * (done, failed or cancelled) and returns the pass's result.
   */
  run<T>(
    pass: (options: { onProgress: (event: ProgressEvent) => void; signal: AbortSignal }) => Promise<T>,
  ): Promise<T>;
}

function tslabDisplay(): ProgressSink | undefined {
  try {
    const kernel = require.main?.filename;
    const resolved = require.resolve('tslab', {
      paths: [process.cwd(), ...(kernel ? [path.dirname(kernel)] : [])],
    });

    const tslab = require(resolved) as { newDisplay(): ProgressSink };
    return tslab.newDisplay();
  } catch {
    return undefined;
  }
}

const number = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number) => (ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/**
 * The HTML of one drawing. O(1).
 * @example
 * progressHtml('x', { bytesDone: 1, bytesTotal: 4, rows: 10 }, 1000, 'running').match(/\d+% .*left/)?.[0]
 * // => '25% · 10 rows · 1.0 s · about 3.0 s left'
 */
export function progressHtml(
  label: string,
  event: ProgressEvent,
  elapsedMs: number,
  state: 'running' | 'done' | 'failed' | 'cancelled',
): string {
  const fraction =
    event.bytesTotal > 0 ? Math.min(1, event.bytesDone / event.bytesTotal) : state === 'done' ? 1 : 0;
  const eta =
    state === 'running' && fraction > 0.02
      ? ` · about ${seconds((elapsedMs * (1 - fraction)) / fraction)} left`
      : '';
  const status = state === 'running' ? '' : ` · ${state}`;
  return (
    `<div class="ecomlab-progress" style="font-family:sans-serif;font-size:13px">` +
    `${escapeHtml(label)} <progress value="${fraction.toFixed(4)}" max="1" style="width:240px"></progress> ` +
    `${(fraction * 100).toFixed(0)}% · ${number(event.rows)} rows · ${seconds(elapsedMs)}${eta}${status}</div>`
  );
}

/**
 * A progress bar that redraws in place at most every `minIntervalMs`, plus the cancellation wiring.
 * O(1) per event.
 *
 * @example
 * const bar = progressBar({ label: 'head', sink: { html: () => {} }, interruptible: false });
 * (await bar.run((o) => analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv', o))).funnel.buyers; // => 23
 */
export function progressBar({
  label = 'progress',
  sink,
  minIntervalMs = 250,
  now = Date.now,
  interruptible = true,
}: ProgressBarOptions = {}): ProgressBar {
  const target = sink ?? tslabDisplay();
  const controller = new AbortController();
  const started = now();
  let last: ProgressEvent = { bytesDone: 0, bytesTotal: 0, rows: 0 };
  let drawnAt = -Infinity;
  const draw = (state: 'running' | 'done' | 'failed' | 'cancelled') =>
    target?.html(progressHtml(label, last, now() - started, state));
  const update = (event: ProgressEvent) => {
    last = event;
    const t = now();
    if (t - drawnAt >= minIntervalMs || event.bytesDone >= event.bytesTotal) {
      drawnAt = t;
      draw('running');
    }
  };
  const cancel = () => controller.abort();
  return {
    update,
    signal: controller.signal,
    cancel,
    async run(pass) {
      const onInterrupt = () => controller.abort();
      if (interruptible) process.on('SIGINT', onInterrupt);
      draw('running');
      try {
        const result = await pass({ onProgress: update, signal: controller.signal });
        if (last.bytesTotal > 0) last = { ...last, bytesDone: last.bytesTotal };
        draw('done');
        return result;
      } catch (error) {
        draw(controller.signal.aborted ? 'cancelled' : 'failed');
        throw error;
      } finally {
        if (interruptible) process.removeListener('SIGINT', onInterrupt);
      }
    },
  };
}
