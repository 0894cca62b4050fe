/** renderFiguresToPng: real PNGs at the requested size from Debian Chromium, offline. */
import { hourlyChart, paretoChart } from '../../lib/charts';
import { renderFiguresToPng } from '../../lib/display';
import { InputFileError } from '../../lib/errors';
import { behaviorReport } from '../charts/fixtures';
import { chromiumTest } from './page-check';

jest.setTimeout(120_000);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

chromiumTest('one PNG per figure, at layout height x scale', async () => {
  const done: number[] = [];
  const [pareto, hourly] = await renderFiguresToPng(
    [paretoChart(behaviorReport.pareto), hourlyChart(behaviorReport.hourly, { height: 300 })],
    { width: 400, scale: 1, onProgress: (count) => done.push(count) },
  );
  expect(pngSize(pareto!)).toEqual({ width: 400, height: 450 });
  expect(pngSize(hourly!)).toEqual({ width: 400, height: 300 });
  expect(done).toEqual([1, 2]);
  // a drawn chart is not a blank page: far more bytes than an empty 400 x 450 PNG
  expect(pareto!.length).toBeGreaterThan(10_000);
});

test('a missing Chromium is an InputFileError naming the path', async () => {
  await expect(renderFiguresToPng([], { executablePath: '/nonexistent/chromium' })).rejects.toThrow(
    InputFileError,
  );
  await expect(renderFiguresToPng([], { executablePath: '/nonexistent/chromium' })).rejects.toThrow(
    /\/nonexistent\/chromium: Chromium not found/,
  );
});
