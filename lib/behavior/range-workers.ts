/**
 * The worker threads of the streaming analysis: one per line-aligned byte range, each running
 * {@link analyzeBehaviorRange} and posting back its partial state (typed arrays transferred, not copied).
 */
import { DataError, InputFileError } from '../errors';
import { runWorkers, type WorkerMessage } from '../query/run-workers';
import type { BehaviorRangeResult, BehaviorRangeTask } from './analyze-range';

function rebuildError(message: WorkerMessage<BehaviorRangeResult>): Error {
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
 * an `AbortError`. Workers are always terminated before this returns (the shared {@link runWorkers}).
 */
export function runRangeWorkers(
  tasks: BehaviorRangeTask[],
  onProgress: (index: number, bytesDone: number, rows: number) => void,
  signal?: AbortSignal,
): Promise<BehaviorRangeResult[]> {
  return runWorkers<BehaviorRangeTask, BehaviorRangeResult>(
    __dirname,
    'analyze-worker',
    tasks,
    onProgress,
    rebuildError,
    signal,
  );
}
