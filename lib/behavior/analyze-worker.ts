/**
 * Worker-thread entry of the streaming analysis: runs {@link analyzeBehaviorRange} on `workerData` and
 * posts back the partial state with its typed arrays transferred (not copied, not JSON).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeBehaviorRange, type BehaviorRangeTask } from './analyze-range';
import { stateTransferList } from './accumulator';

const port = parentPort;
if (port) {
  analyzeBehaviorRange(workerData as BehaviorRangeTask, (bytesDone, rows) =>
    port.postMessage({ type: 'progress', bytesDone, rows }),
  ).then(
    (result) => port.postMessage({ type: 'result', result }, stateTransferList(result.state)),
    (error: unknown) => {
      const e = error as Error & { file?: string };
      port.postMessage({ type: 'error', name: e.name, message: e.message, file: e.file, stack: e.stack });
    },
  );
}
