/**
 * The worker threads of the streaming analysis: one per line-aligned byte range, each running
 * {@link analyzeBehaviorRange} and posting back its partial state (typed arrays transferred, not copied).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataError, InputFileError } from '../errors';
import { abortError } from '../query/run-workers';
import type { BehaviorRangeResult, BehaviorRangeTask } from './analyze-range';

function spawnRangeWorker(task: BehaviorRangeTask): Worker {
  const extension = path.extname(__filename);
  const workerFile = path.join(__dirname, `analyze-worker${extension}`);
  if (extension === '.ts') {
    // Running from TypeScript source (jest, tsx): register tsx's CommonJS hook inside the worker first.
    const tsx = require.resolve('tsx/cjs');
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(workerFile)});`, {
      eval: true,
      workerData: task,
    });
  }
  return new Worker(workerFile, { workerData: task });
}

interface WorkerMessage {
  type: 'progress' | 'result' | 'error';
  bytesDone?: number;
  rows?: number;
  result?: BehaviorRangeResult;
  name?: string;
  message?: string;
  file?: string;
}

function rebuildError(message: WorkerMessage): Error {
  const text = message.message ?? 'worker failed';
  if (message.name === 'InputFileError' && message.file !== undefined) {
    const prefix = `${message.file}: `;
    return new InputFileError(message.file, text.startsWith(prefix) ? text.slice(prefix.length) : text);
  }
  if (message.name === 'DataError') return new DataError(text);
  return new Error(text);
}

/**
 * Runs each task on its own worker thread (analyze-worker.ts) and returns their results in task order.
 * Progress messages are forwarded with the task's index; `signal` terminates every worker and rejects with
 * an `AbortError`. Workers are always terminated before this returns.
 */
export async function runRangeWorkers(
  tasks: BehaviorRangeTask[],
  onProgress: (index: number, bytesDone: number, rows: number) => void,
  signal?: AbortSignal,
): Promise<BehaviorRangeResult[]> {
  const workers: Worker[] = [];
  if (signal?.aborted) throw abortError();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    return await Promise.race([
      aborted,
      Promise.all(
        tasks.map(
          (task, index) =>
            new Promise<BehaviorRangeResult>((resolve, reject) => {
              const worker = spawnRangeWorker(task);
              workers.push(worker);
              let settled = false;
              worker.on('message', (message: WorkerMessage) => {
                if (message.type === 'progress') onProgress(index, message.bytesDone ?? 0, message.rows ?? 0);
                else if (message.type === 'result' && message.result) {
                  settled = true;
                  resolve(message.result);
                } else if (message.type === 'error') {
                  settled = true;
                  reject(rebuildError(message));
                }
              });
              worker.on('error', (error) => {
                settled = true;
                reject(error);
              });
              worker.on('exit', (code) => {
                if (!settled) reject(new Error(`analysis worker ${index} exited with code ${code}`));
              });
            }),
        ),
      ),
    ]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
