/**
 * The dashboard page in Chromium: all three views draw offline (as many trace groups as traces), the segment
 * filter redraws them and updates the headline numbers, and no request leaves the machine. Built from a
 * hand-made customer table with the same builder `npm run dashboard` uses.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { customersCsv, dashboardHtml, plotlyBundle } from '../../lib/display';
import { customerPoints } from '../charts/fixtures';
import { checkPage, chromiumTest } from './page-check';

jest.setTimeout(300_000);

chromiumTest('dashboard: three views draw, the filter works, nothing leaves the machine', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-dashboard-'));
  const points = customerPoints.map((point, index) => ({ ...point, clv: 10 * index }));
  const file = path.join(dir, 'index.html');
  fs.writeFileSync(file, dashboardHtml(points, plotlyBundle(), { segmentOrder: ['Important value'] }));
  fs.writeFileSync(path.join(dir, 'customers.csv'), customersCsv(points));
  const result = await checkPage(file, '.dashboard-figure');
  try {
    expect(result.external).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.figures.map((figure) => [figure.id, figure.svg, figure.drawn, figure.expected])).toEqual([
      ['view-customers', true, 1, 1],
      ['view-value', true, 3, 3],
      ['view-matrix', true, 1, 1],
    ]);
    expect(await result.page.textContent('#kpi-customers')).toBe('30');
    await result.page.selectOption('#segment', 's0');
    await result.page.waitForFunction(`document.body.getAttribute('data-segment') === 's0'`);
    expect(await result.page.textContent('#kpi-customers')).toBe('10');
    const matrixTotal = await result.page.evaluate(
      `document.getElementById('view-matrix').data[0].z.flat().reduce((a, b) => a + b, 0)`,
    );
    expect(matrixTotal).toBe(10);
    const title = await result.page.evaluate(`document.getElementById('view-matrix').layout.title.text`);
    expect(title).toBe('R × F matrix: Important value');
    expect(result.external).toEqual([]);
  } finally {
    await result.browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
