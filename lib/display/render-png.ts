/**
 * Static rendering of figures to PNG through a headless Chromium driven by playwright-core (a devDependency,
 * loaded on first use). plotly.js is injected from the installed package and every request that is not
 * `about:`/`data:` is aborted, so rendering never touches the network. Never downloads a browser: the
 * executable must exist (default `/usr/bin/chromium`, or `ECOMLAB_CHROMIUM`).
 */
import * as fs from 'node:fs';
import type { Figure } from '../charts/figure';
import { InputFileError } from '../errors';
import { plotlyBundle } from './show';

/** Options of {@link renderFiguresToPng}. */
export interface RenderPngOptions {
  /** Chromium executable. Default: `$ECOMLAB_CHROMIUM`, else `/usr/bin/chromium`. */
  executablePath?: string;
  /** Image width in CSS pixels when the figure's layout sets none. Default 1000. */
  width?: number;
  /** Image height when the layout sets none. Default: the layout's height, else 500. */
  height?: number;
  /** Device scale factor (2 = sharp on high-DPI screens). Default 2. */
  scale?: number;
  /** Called after each figure with its index (0-based) and the figure count. Default: none. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The Chromium executable to use: the option, `$ECOMLAB_CHROMIUM`, or `/usr/bin/chromium`.
 *
 * Complexity: O(1).
 * @example
 * chromiumPath('/opt/chromium/chrome')
 * // => '/opt/chromium/chrome'
 */
export function chromiumPath(executablePath?: string): string {
  return executablePath ?? (process.env.ECOMLAB_CHROMIUM || '/usr/bin/chromium');
}

/** Launch arguments for headless Chromium without sandbox, GPU or background networking. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
];

/**
 * Renders figures to PNG bytes with plotly.js's `toImage` in one headless Chromium page, offline.
 *
 * Complexity: O(figures); about 0.2–1 s per figure after a 1–2 s browser start.
 * @param figures - The figures (each drawn at its layout size, or `width` × `height`).
 * @param options - Chromium path, size, scale, progress.
 * @returns One PNG buffer per figure, in order.
 * @throws InputFileError when the Chromium executable does not exist.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * const [png] = await renderFiguresToPng([paretoChart(report.pareto)]);
 * png.subarray(1, 4).toString()
 * // => 'PNG'
 */
export async function renderFiguresToPng(
  figures: readonly Figure[],
  options: RenderPngOptions = {},
): Promise<Buffer[]> {
  const executablePath = chromiumPath(options.executablePath);
  if (!fs.existsSync(executablePath))
    throw new InputFileError(
      executablePath,
      'Chromium not found (install Debian/Ubuntu package "chromium" or set ECOMLAB_CHROMIUM)',
    );
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith('data:') || url.startsWith('about:') ? route.continue() : route.abort();
    });
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="chart"></div></body></html>',
    );
    await page.addScriptTag({ content: plotlyBundle() });
    const images: Buffer[] = [];
    for (const [index, figure] of figures.entries()) {
      const width = Number(figure.layout.width ?? options.width ?? 1000);
      const height = Number(figure.layout.height ?? options.height ?? 500);
      const args = JSON.stringify({ figure, width, height, scale: options.scale ?? 2 });
      // Runs in the page (no DOM types here): draw, then export with plotly's own toImage.
      const dataUrl = (await page.evaluate(`(async () => {
        const { figure, width, height, scale } = ${args};
        const el = document.getElementById('chart');
        Plotly.purge(el);
        await Plotly.newPlot(el, figure.data, { ...figure.layout, width, height }, { staticPlot: true });
        return Plotly.toImage(el, { format: 'png', width, height, scale });
      })()`)) as string;
      images.push(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
      options.onProgress?.(index + 1, figures.length);
    }
    return images;
  } finally {
    await browser.close();
  }
}
