/**
 * The notebooks in a real client, as an analyst uses them: Debian's classic Notebook server driven by Chromium.
 * For both product notebooks: Run All, save + reload, re-run the first chart cell (and a later one) + save + reload,
 * a second tab; at every step every chart is drawn by Plotly (an SVG with its traces, not the static fallback) and
 * no cell shows an error. Plus a user's own notebook beside them that imports `ecomlab` by name and shows the same
 * figure twice. Screenshots go to $ECOMLAB_SCREENSHOTS (default: <tmp>/ecomlab-client-shots).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../../cli/commands/jupyter-env';
import { chromiumTest } from './page-check';
import {
  firstChartCell,
  launchBrowser,
  type NotebookServer,
  openNotebook,
  pageState,
  runCells,
  save,
  startNotebookServer,
} from './notebook-client';

jest.setTimeout(1_500_000);

const SHOTS = process.env.ECOMLAB_SCREENSHOTS ?? path.join(os.tmpdir(), 'ecomlab-client-shots');
const CHARTS: Record<string, number> = { '01-user-behavior.ipynb': 12, '02-customer-lifecycle.ipynb': 10 };

/** A user's notebook: imports the library by package name, computes a small report, shows one figure twice. */
const USER_NOTEBOOK = JSON.stringify({
  cells: [
    "import * as ecomlab from 'ecomlab';\nconst report = await ecomlab.analyzeBehavior('../data/behavior/UserBehavior_generated_1M_seed20171125.csv.gz');",
    'const figure = ecomlab.funnelChart(report.funnel);\necomlab.display.show(figure);',
    'ecomlab.display.show(figure);\necomlab.display.markdown(`${ecomlab.display.pct(report.funnel.userConversion)} of users bought`);',
  ].map((source, index) => ({
    cell_type: 'code',
    id: `u${index}`,
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
  })),
  metadata: { kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } },
  nbformat: 4,
  nbformat_minor: 5,
});

let server: NotebookServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.ECOMLAB_CHROMIUM) return;
  const files: Record<string, string> = { 'my-analysis.ipynb': USER_NOTEBOOK };
  for (const name of Object.keys(CHARTS))
    files[name] = fs.readFileSync(path.join(ROOT, 'notebooks', name), 'utf8');
  server = await startNotebookServer(files);
  ({ browser, context } = await launchBrowser());
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectAllDrawn(
  page: Page,
  pageErrors: string[],
  expected: number,
  step: string,
): Promise<void> {
  const state = await pageState(page, pageErrors);
  expect({ step, ...state }).toEqual({
    step,
    figures: expected,
    drawn: expected,
    fallbacks: 0,
    errors: [],
    pageErrors: [],
  });
}

async function reload(page: Page): Promise<void> {
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(
    `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded)`,
    undefined,
    { timeout: 120_000 },
  );
}

describe.each(Object.keys(CHARTS))('%s in the classic Notebook', (name) => {
  chromiumTest(
    'Run All, save, reload, re-run cells, save, reload, second tab: every chart draws every time',
    async () => {
      const expected = CHARTS[name]!;
      const stem = name.replace(/\.ipynb$/, '');
      const { page, pageErrors, external } = await openNotebook(context, server, name);
      await runCells(page);
      await expectAllDrawn(page, pageErrors, expected, 'Run All');
      await page.screenshot({ path: path.join(SHOTS, `${stem}-run-all.png`), fullPage: false });
      await page.locator('.ecomlab-figure').nth(2).scrollIntoViewIfNeeded();
      await page.evaluate(
        `document.querySelectorAll('.ecomlab-figure')[2].scrollIntoView({ block: 'center' })`,
      );
      await page.screenshot({ path: path.join(SHOTS, `${stem}-chart.png`) });

      await save(page);
      const saved = fs.statSync(path.join(server.dir, 'notebooks', name)).size;
      await reload(page);
      await expectAllDrawn(page, pageErrors, expected, 'save + reload');

      const first = await firstChartCell(page);
      expect(first).toBeGreaterThan(0);
      await runCells(page, [first]);
      await expectAllDrawn(page, pageErrors, expected, 're-run the first chart cell');
      await save(page);
      await reload(page);
      await expectAllDrawn(page, pageErrors, expected, 're-run first chart cell + save + reload');

      // a later cell, then the first again: any order
      const count = (await page.evaluate('Jupyter.notebook.ncells()')) as number;
      await runCells(page, [count - 1, first]);
      await save(page);
      await reload(page);
      await expectAllDrawn(page, pageErrors, expected, 're-run last + first, save + reload');
      await page
        .locator('.ecomlab-figure')
        .nth(expected - 1)
        .scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `${stem}-after-reruns.png`) });

      const second = await openNotebook(context, server, name);
      await expectAllDrawn(second.page, second.pageErrors, expected, 'second tab');
      await expectAllDrawn(page, pageErrors, expected, 'first tab, with a second one open');
      await second.page.close();
      await page.close();

      // Saved with outputs, the notebook stays small: plotly.js is never in a chart output.
      const final = fs.statSync(path.join(server.dir, 'notebooks', name)).size;
      fs.writeFileSync(path.join(SHOTS, `${stem}-sizes.json`), JSON.stringify({ saved, final }));
      expect({ saved: saved < 1_500_000, final: final < 1_500_000 }).toEqual({ saved: true, final: true });
      expect(external).toEqual([]);
    },
  );
});

chromiumTest(
  "a user's own notebook imports ecomlab by name and draws its charts (the same figure twice)",
  async () => {
    const { page, pageErrors, external } = await openNotebook(context, server, 'my-analysis.ipynb');
    await runCells(page);
    await expectAllDrawn(page, pageErrors, 2, 'Run All');
    const ids = (await page.evaluate(
      `Array.from(document.querySelectorAll('.ecomlab-figure')).map((el) => el.id)`,
    )) as string[];
    expect(new Set(ids).size).toBe(2);
    await save(page);
    await reload(page);
    await expectAllDrawn(page, pageErrors, 2, 'save + reload');
    await page.screenshot({ path: path.join(SHOTS, 'my-analysis.png') });
    expect(external).toEqual([]);
    await page.close();
  },
);
