/**
 * The notebook progress bar: one display redrawn in place (throttled, final state always drawn) and
 * cancellation: SIGINT while a two-worker pass runs rejects it with AbortError and stops its workers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior';
import { progressBar, progressHtml } from '../../lib/display/progress';
import { generateBehavior } from '../../lib/generate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-progress-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('progressBar', () => {
  test('redraws one display, throttled, and always draws the final state', async () => {
    const drawings: string[] = [];
    let clock = 0;
    const bar = progressBar({ label: 'x<y', sink: { html: (h) => drawings.push(h) }, now: () => clock });
    await bar.run(async ({ onProgress }) => {
      for (let done = 1; done <= 100; done++) {
        clock += 10;
        onProgress({ bytesDone: done, bytesTotal: 100, rows: done * 1000 });
      }
    });
    // first drawing, one per 250 ms of 1 s, the 100% event, and the final 'done'
    expect(drawings.length).toBeGreaterThanOrEqual(4);
    expect(drawings.length).toBeLessThanOrEqual(8);
    expect(drawings[0]).toContain('x&#60;y');
    expect(drawings.at(-1)).toMatch(/100% · 100,000 rows · 1\.0 s · done<\/div>$/);
  });

  test('progressHtml shows the share, rows, elapsed time and the time left', () => {
    expect(progressHtml('f', { bytesDone: 25, bytesTotal: 100, rows: 1234 }, 2000, 'running')).toMatch(
      /value="0\.2500".*25% · 1,234 rows · 2\.0 s · about 6\.0 s left<\/div>/,
    );
  });

  test('SIGINT during a two-worker pass cancels it and stops the workers', async () => {
    const file = path.join(tmp, 'g.csv');
    await generateBehavior({ rows: 400_000, seed: 3, out: file });
    const drawings: string[] = [];
    const bar = progressBar({ label: 'g', sink: { html: (h) => drawings.push(h) } });
    const started = Date.now();
    const pass = bar.run((options) => analyzeBehavior(file, { ...options, workers: 2 }));
    setTimeout(() => process.emit('SIGINT'), 50);
    await expect(pass).rejects.toMatchObject({ name: 'AbortError', message: 'analysis cancelled' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(drawings.at(-1)).toMatch(/cancelled<\/div>$/);
    expect(process.listenerCount('SIGINT')).toBe(0);
    // the same file still analyses afterwards (nothing left locked or half-written)
    expect((await analyzeBehavior(file, { workers: 2 })).overview.linesRead).toBe(400_000);
  });
});
