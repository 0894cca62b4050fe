/**
 * Runs one worker thread per task and collects their results, with cancellation: when `signal` aborts, every
 * worker is terminated at once and the promise rejects with an `AbortError` (a notebook's kernel interrupt or
 * Ctrl-C thus stops the threads, not only the await).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Messages a worker posts: progress, its result, an error, or a step of a task's own protocol (`exchange`). */
export interface WorkerMessage<R> {
  type: 'progress' | 'result' | 'error' | 'exchange';
  /** The payload of an `exchange` message. */
  data?: unknown;
  bytesDone?: number;
  rows?: number;
  result?: R;
  name?: string;
  message?: string;
  /** The input file of an `InputFileError`. */
  file?: string;
}

/**
 * Starts `lib/<dir>/<name>.js` (or `.ts` through tsx's hook when running from source) as a worker. O(1).
 * @example spawnWorker(__dirname, 'cache-worker', task)
 */
export function spawnWorker(dir: string, name: string, data: unknown): Worker {
  const extension = path.extname(__filename);
  const workerFile = path.join(dir, `${name}${extension}`);
  if (extension === '.ts') {
    const tsx = require.resolve('tsx/cjs');
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(workerFile)});`, {
      eval: true,
      workerData: data,
    });
  }
  return new Worker(workerFile, { workerData: data });
}

/** The error thrown when a pass is cancelled through its `AbortSignal`. */
export function abortError(): Error {
  return Object.assign(new Error('analysis cancelled'), { name: 'AbortError' });
}

/**
 * Runs the tasks in parallel worker threads (`<dir>/<name>`), forwarding progress; terminates every worker
 * when one fails, when all are done, or when `signal` aborts. A worker's `exchange` messages go to `onExchange`
 * (with every worker, in task order, to reply to). O(tasks) threads.
 *
 * @throws {Error} the first worker error; `AbortError` on abort.
 */
export async function runWorkers<T, R>(
  dir: string,
  name: string,
  tasks: T[],
  onProgress: (index: number, bytesDone: number, rows: number) => void,
  rebuildError: (message: WorkerMessage<R>) => Error,
  signal?: AbortSignal,
  onExchange?: (index: number, data: unknown, workers: Worker[]) => void,
): Promise<R[]> {
  if (signal?.aborted) throw abortError();
  const workers: Worker[] = [];
  let onAbort: (() => void) | undefined;
  try {
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortError());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    const all = Promise.all(
      tasks.map(
        (task, index) =>
          new Promise<R>((resolve, reject) => {
            const worker = spawnWorker(dir, name, task);
            workers.push(worker);
            let settled = false;
            worker.on('message', (message: WorkerMessage<R>) => {
              if (message.type === 'progress') onProgress(index, message.bytesDone ?? 0, message.rows ?? 0);
              else if (message.type === 'result' && message.result !== undefined) {
                settled = true;
                resolve(message.result);
              } else if (message.type === 'error') {
                settled = true;
                reject(rebuildError(message));
              } else if (message.type === 'exchange') onExchange?.(index, message.data, workers);
            });
            worker.on('error', (error) => {
              settled = true;
              reject(error);
            });
            worker.on('exit', (code) => {
              if (!settled) reject(new Error(`worker ${index} exited with code ${code}`));
            });
          }),
      ),
    );
    return await Promise.race([all, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
