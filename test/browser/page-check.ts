/**
 * Opens a local HTML file in headless Debian Chromium (playwright-core, never a downloaded browser), with every
 * request other than the page itself and data:/about:/blob: URLs aborted and recorded (so a page that needs another
 * file, such as file:///usr/share/javascript/..., fails the check), waits for plotly.js to draw, and reports per
 * figure div the traces expected (from the figure JSON the page carries) and the traces drawn in its SVG.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/display';

export interface DrawnFigure {
  id: string;
  /** Traces in the figure's data (gd.data). */
  expected: number;
  /** Trace groups drawn in the SVG (g.trace for scatter/bar/funnel, g.hm for heatmaps). */
  drawn: number;
  /** Whether the div holds a Plotly main SVG. */
  svg: boolean;
}

export interface PageCheck {
  figures: DrawnFigure[];
  /** Requests that tried to leave the machine. */
  external: string[];
  /** Uncaught page errors. */
  errors: string[];
}

export const chromiumAvailable = fs.existsSync(chromiumPath());

/**
 * `test(name, fn)` when Chromium is installed; otherwise a test that fails naming the missing executable. The
 * browser checks are part of what `npm test` must prove (issue 5), so a machine without Chromium fails them
 * instead of passing them by skipping.
 */
export function chromiumTest(name: string, fn: jest.ProvidesCallback): void {
  test(
    name,
    chromiumAvailable
      ? fn
      : () => {
          throw new Error(
            `Chromium not found at ${chromiumPath()}: install Debian's chromium (scripts/setup.sh does) or set ECOMLAB_CHROMIUM`,
          );
        },
  );
}

/** Loads `file` and inspects every element matching `selector` once plotly has drawn them. */
export async function checkPage(
  file: string,
  selector: string,
  setup?: (page: import('playwright-core').Page) => Promise<void>,
): Promise<PageCheck & { browser: Browser; page: import('playwright-core').Page }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const own = pathToFileURL(file).href;
  await page.route('**/*', (route) => {
    const url = route.request().url();
    // The page itself, and what it builds in memory: anything else (another file, a server) is a dependency.
    if (url === own || /^(data|about|blob):/.test(url)) return route.continue();
    external.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
  await setup?.(page);
  const figures = (await page.evaluate(`(async () => {
    const nodes = Array.from(document.querySelectorAll(${JSON.stringify(selector)}));
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && !nodes.every((el) => el.querySelector('svg.main-svg') && el._fullData)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return nodes.map((el) => ({
      id: el.id,
      expected: Array.isArray(el.data) ? el.data.length : -1,
      drawn: el.querySelectorAll('g.trace, g.hm').length,
      svg: !!el.querySelector('svg.main-svg'),
    }));
  })()`)) as DrawnFigure[];
  return { figures, external, errors, browser, page };
}
