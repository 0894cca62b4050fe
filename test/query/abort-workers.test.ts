/**
 * Cancellation stops the threads, not only the await: a pass aborted through its `AbortSignal` (a notebook's
 * kernel interrupt) rejects with an `AbortError` and leaves no worker thread running, from the CSV and from the
 * columnar cache. Every Worker the pass creates is recorded and must have exited when the promise settles.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { analyzeBehavior } from '../../lib/behavior';

// The module object itself (an `import * as` namespace would be a copy the library never sees).
const workerThreads = jest.requireActual<typeof import('node:worker_threads')>('node:worker_threads');

const ROOT = path.join(__dirname, '..', '..');
const HEAD = path.join(ROOT, 'data', 'taobao', 'UserBehavior_head_4321rows.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-abort-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Records every Worker created while `run` runs; returns them with whether each has exited. */
async function watchWorkers(run: () => Promise<unknown>) {
  const RealWorker = workerThreads.Worker;
  const created: Array<{ worker: Worker; exited: boolean }> = [];
  const spy = jest.spyOn(workerThreads, 'Worker').mockImplementation((...args) => {
    const worker = new RealWorker(...args);
    const entry = { worker, exited: false };
    worker.once('exit', () => (entry.exited = true));
    created.push(entry);
    return worker;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return created;
}

describe('an aborted pass leaves no live worker thread', () => {
  const cases: Array<[string, { workers: number; cache?: boolean }]> = [
    ['the CSV', { workers: 2 }],
    ['the cache', { workers: 2, cache: true }],
  ];
  test.each(cases)('from %s', async (_label, options) => {
    const file = path.join(tmp, `abort-${options.cache ? 'cache' : 'csv'}.csv`);
    fs.copyFileSync(HEAD, file);
    const cacheDir = path.join(tmp, 'cache');
    if (options.cache) await analyzeBehavior(file, { cache: true, cacheDir, cacheBlockRows: 97, workers: 2 });
    const controller = new AbortController();
    let progressCalls = 0;
    const created = await watchWorkers(async () => {
      await expect(
        analyzeBehavior(file, {
          ...options,
          cacheDir,
          signal: controller.signal,
          onProgress: () => {
            progressCalls++;
            controller.abort(); // at the first block: the workers are mid-pass
          },
        }),
      ).rejects.toMatchObject({ name: 'AbortError' });
    });
    expect(progressCalls).toBeGreaterThan(0);
    expect(created.length).toBe(2);
    expect(created.map((entry) => entry.exited)).toEqual([true, true]);
  });
});
