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
  execution_count?: number | null;
}

const join = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : (value ?? ''));

const EXPECTED: Record<string, { charts: number; findings: number }> = {
  // Pareto, funnel (users, events), pages per user, RFM report view + dynamic view (customers, orders each),
  // retention, hourly; leakiest categories, filtered funnel; findings: Pareto, long tail, funnel, pages, RFM, one
  // more purchase, retention, weekday, hourly, leakiest categories
  '01-user-behavior': { charts: 12, findings: 10 },
  // revenue by month and country, segments, R x F matrix, LTV, value contribution, horizon, confusion, ROC, SHAP;
  // findings: exploration, RFM, LTV, churn label, horizon, SMOTE, SHAP, at-risk list
  '02-customer-lifecycle': { charts: 10, findings: 8 },
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

  test('every chart is a bundle (Plotly JSON, HTML, text), with plotly.js inline once: in the first chart', () => {
    expect(run.charts).toBe(EXPECTED[name]!.charts);
    const outputs = cells.flatMap((cell) => cell.outputs ?? []);
    const charts = outputs.filter((output) => output.data?.['application/vnd.plotly.v1+json'] !== undefined);
    expect(charts).toHaveLength(EXPECTED[name]!.charts);
    for (const chart of charts) {
      expect(Object.keys(chart.data!).sort()).toEqual(['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
      expect(join(chart.data!['text/plain'])).not.toBe('');
    }
    const htmls = outputs.map((output) => join(output.data?.['text/html']));
    const inline = htmls.filter((html) => html.includes('<script type="application/x-ecomlab-plotly">'));
    expect(inline).toHaveLength(1);
    expect(inline[0]).toBe(join(charts[0]!.data!['text/html']));
    for (const html of htmls) expect(html).not.toMatch(/<script[^>]+src=["']?(https?|file):/i);
    // one id per displayed chart
    const ids = htmls.flatMap((html) => [...html.matchAll(/<div id="([^"]+)" class="ecomlab-figure"/g)].map((m) => m[1]));
    expect(new Set(ids).size).toBe(EXPECTED[name]!.charts);
  });

  test('the executed copy looks executed: code cells numbered 1..n', () => {
    const counts = cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.execution_count);
    expect(counts).toEqual(counts.map((_, index) => index + 1));
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

  test('the HTML export stands alone: no file or server reference, prompts numbered', () => {
    const html = fs.readFileSync(run.html!, 'utf8');
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/(src|href)="file:/i);
    expect(html).toMatch(/In&nbsp;\[1\]:|In \[1\]:/);
    expect(html).not.toMatch(/In&nbsp;\[&nbsp;\]:/);
  });
});
