/**
 * Opens each notebook's HTML export in Chromium: every Plotly chart must draw (an SVG with as many trace groups
 * as the figure has traces), nothing may be requested from outside the machine, and no script may fail.
 */
import { executedNotebook } from '../notebooks/execute-once';
import { checkPage, chromiumTest } from './page-check';

jest.setTimeout(900_000);

const NOTEBOOKS: Record<string, number> = { '01-user-behavior': 12, '02-customer-lifecycle': 10 };

describe.each(Object.keys(NOTEBOOKS))('HTML export of %s', (name) => {
  chromiumTest('every chart draws offline', async () => {
    const run = await executedNotebook(name);
    const result = await checkPage(run.html!, '.ecomlab-figure');
    try {
      expect(result.external).toEqual([]);
      expect(result.errors).toEqual([]);
      expect(result.figures).toHaveLength(NOTEBOOKS[name]!);
      for (const figure of result.figures) {
        expect(figure.svg).toBe(true);
        expect(figure.expected).toBeGreaterThan(0);
        expect({ id: figure.id, drawn: figure.drawn }).toEqual({ id: figure.id, drawn: figure.expected });
      }
    } finally {
      await result.browser.close();
    }
  });
});
