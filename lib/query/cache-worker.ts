/**
 * Worker-thread entry of a cache scan: runs {@link scanCache} on `workerData` and posts back the partial state
 * with its typed arrays transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stateTransferList } from '../behavior/accumulator';
import { scanCache, type CacheScanTask } from './scan-cache';
import { breakdownTransferList } from './breakdown';

const port = parentPort;
if (port) {
  try {
    const result = scanCache(workerData as CacheScanTask, (bytesDone, rows) =>
      port.postMessage({ type: 'progress', bytesDone, rows }),
    );
    port.postMessage({ type: 'result', result }, [
      ...stateTransferList(result.state),
      ...(result.breakdown ? breakdownTransferList(result.breakdown) : []),
    ]);
  } catch (error) {
    const e = error as Error;
    port.postMessage({ type: 'error', name: e.name, message: e.message, stack: e.stack });
  }
}
