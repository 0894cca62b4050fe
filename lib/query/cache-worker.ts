/**
 * Worker-thread entry of a cache scan: runs {@link scanCache} on `workerData` and posts back the partial state
 * with its typed arrays transferred. A task with a `usersWho` filter and no users yet first collects its
 * qualifying users, posts them (`exchange`) and waits for the union of every worker's users before its scan:
 * one round of threads for both passes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stateTransferList } from '../behavior/accumulator';
import { scanCache, type CacheScanTask } from './scan-cache';
import { breakdownTransferList } from './breakdown';
import type { IdFilter } from './where';

const port = parentPort;

function usersWhoFromMain(): Promise<IdFilter> {
  return new Promise((resolve) =>
    port!.once('message', (message: { usersWho: IdFilter }) => resolve(message.usersWho)),
  );
}

async function run(task: CacheScanTask): Promise<void> {
  const progress = (bytesDone: number, rows: number) =>
    port!.postMessage({ type: 'progress', bytesDone, rows });
  if (task.where?.usersWho !== undefined && task.usersWho === undefined) {
    const { users } = scanCache(
      { ...task, where: task.where.usersWho, collect: true, breakdown: false },
      () => {},
    );
    const reply = usersWhoFromMain();
    port!.postMessage({ type: 'exchange', data: users }, [users!.buffer as ArrayBuffer]);
    task = { ...task, usersWho: await reply };
  }
  const result = scanCache(task, progress);
  port!.postMessage({ type: 'result', result }, [
    ...stateTransferList(result.state),
    ...(result.breakdown ? breakdownTransferList(result.breakdown) : []),
  ]);
}

if (port)
  run(workerData as CacheScanTask).catch((error: unknown) => {
    const e = error as Error;
    port.postMessage({ type: 'error', name: e.name, message: e.message, stack: e.stack });
  });
