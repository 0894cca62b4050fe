/**
 * Executes both notebooks through Jupyter and the real tslab kernel (on the default bundled data) and fails on
 * any error output (runtime errors, TypeScript compile errors) or a missing chart.
 */
import * as fs from 'node:fs';
import { chromiumTest } from '../browser/page-check';
import { executedNotebook } from './execute-once';

jest.setTimeout(900_000);

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}

const join = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : (value ?? ''));

const EXPECTED: Record<string, { charts: number; findings: number }> = {
  // Pareto, funnel (users, events), RFM (customers, orders), retention, hourly; leakiest categories, filtered funnel
  '01-user-behavior': { charts: 9, findings: 6 },
  // segments, R x F matrix, LTV, value contribution, confusion, ROC, SHAP
  '02-customer-lifecycle': { charts: 7, findings: 5 },
};

describe.each(Object.keys(EXPECTED))('notebook %s', (name) => {
  let cells: Cell[];
  let run: Awaited<ReturnType<typeof executedNotebook>>;
  beforeAll(async () => {
    run = await executedNotebook(name);
    cells = (JSON.parse(fs.readFileSync(run.ipynb, 'utf8')) as { cells: Cell[] }).cells;
  });

  test('runs without any error output', () => {
    const described = run.errors.map((error) => `cell ${error.cell}: ${error.ename}: ${error.evalue}\n${error.traceback.slice(0, 800)}`);
    expect(described).toEqual([]);
  });

  test('every code cell ran and produced output', () => {
    const silent = cells
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.cell_type === 'code' && (cell.outputs ?? []).length === 0)
      .map(({ index }) => index + 1);
    // Only the parameters cell (the first code cell) is silent.
    expect(silent).toHaveLength(1);
  });

  test('draws every chart, with plotly.js loaded once and offline', () => {
    expect(run.charts).toBe(EXPECTED[name]!.charts);
    const htmls = cells.flatMap((cell) => (cell.outputs ?? []).map((output) => join(output.data?.['text/html'])));
    expect(htmls.filter((html) => html.includes('ecomlab: plotly.js loaded offline'))).toHaveLength(1);
    for (const html of htmls) expect(html).not.toMatch(/<script[^>]+src=["']?https?:/i);
  });

  chromiumTest('every chart carries a PNG and a table as its static fallback', () => {
    const figures = cells
      .flatMap((cell) => (cell.outputs ?? []).map((output) => join(output.data?.['text/html'])))
      .filter((html) => html.includes('class="ecomlab-figure"'));
    expect(figures).toHaveLength(EXPECTED[name]!.charts);
    for (const html of figures) {
      expect(html).toMatch(/class="ecomlab-figure"[^>]*><img alt="[^"]+" style="max-width:100%" src="data:image\/png;base64,iVBOR/);
      expect(html).toContain('<div class="ecomlab-fallback">');
    }
  });

  test('every finding is rendered from computed numbers', () => {
    const markdown = cells.flatMap((cell) => (cell.outputs ?? []).map((output) => join(output.data?.['text/markdown'])));
    const findings = markdown.filter((text) => text.startsWith('**Finding.**'));
    expect(findings).toHaveLength(EXPECTED[name]!.findings);
    for (const finding of findings) {
      expect(finding).toMatch(/\d/);
      expect(finding).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  test('the HTML export exists', () => {
    expect(fs.statSync(run.html!).size).toBeGreaterThan(1_000_000);
  });
});
