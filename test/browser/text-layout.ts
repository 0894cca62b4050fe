/**
 * Readability check of drawn figures: renders each figure with plotly.js in headless Chromium (offline) and
 * compares the bounding boxes of its text elements (tick labels, titles, axis titles, annotations, bar and heatmap
 * labels, legend entries): two texts that overlap, a text that sticks out of the figure (clipped), or a bar/cell
 * label drawn smaller than `minFontPx` is an issue. Snapshot tests cannot see any of this.
 */
import { chromium } from 'playwright-core';
import type { Figure } from '../../lib/charts';
import { CHROMIUM_ARGS, chromiumPath, plotlyBundle } from '../../lib/display';

export interface TextIssue {
  figure: string;
  issue: string;
}

/** Renders every figure (at its layout size, else 1000 × its height) and lists the text issues found. */
export async function textIssues(
  figures: Record<string, Figure>,
  options: { width?: number; minFontPx?: number } = {},
): Promise<TextIssue[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) =>
      /^(data|about):/.test(route.request().url()) ? route.continue() : route.abort(),
    );
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="chart"></div></body></html>',
    );
    await page.addScriptTag({ content: plotlyBundle() });
    const issues: TextIssue[] = [];
    for (const [name, figure] of Object.entries(figures)) {
      const args = JSON.stringify({
        figure,
        width: Number(figure.layout.width ?? options.width ?? 1000),
        minFont: options.minFontPx ?? 10,
      });
      const found = (await page.evaluate(`(async () => {
        const { figure, width, minFont } = ${args};
        const el = document.getElementById('chart');
        Plotly.purge(el);
        await Plotly.newPlot(el, figure.data, { ...figure.layout, width, height: figure.layout.height || 500 }, { staticPlot: true });
        const box = el.querySelector('svg.main-svg').getBoundingClientRect();
        const selectors = [
          ['tick', '.xtick text, .ytick text, .x2tick text, .y2tick text, .x3tick text, .y3tick text'],
          ['title', '.gtitle'],
          ['axis title', '.g-xtitle text, .g-ytitle text, .g-x2title text, .g-y2title text, .g-x3title text, .g-y3title text'],
          ['annotation', '.annotation-text'],
          ['bar label', '.bartext'],
          ['cell label', '.hm text, .textpoint text, .heatmaplayer text'],
          ['legend', '.legend .traces'],
          ['colorbar', '.cbaxis text, .cbtitle text'],
        ];
        const items = [];
        for (const [kind, selector] of selectors)
          for (const node of el.querySelectorAll(selector)) {
            const text = (node.textContent || '').trim();
            if (!text) continue;
            const r = node.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const style = getComputedStyle(node);
            if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
            items.push({ kind, text, r: { l: r.left, t: r.top, rr: r.right, b: r.bottom }, font: parseFloat(style.fontSize || node.getAttribute('font-size') || '0') });
          }
        const out = [];
        const tol = 1;
        for (const item of items) {
          const { l, t, rr, b } = item.r;
          if (l < box.left - tol || t < box.top - tol || rr > box.right + tol || b > box.bottom + tol)
            out.push(item.kind + ' "' + item.text + '" is clipped by the figure edge');
          if ((item.kind === 'bar label' || item.kind === 'cell label') && item.font < minFont)
            out.push(item.kind + ' "' + item.text + '" is ' + item.font.toFixed(1) + ' px (< ' + minFont + ')');
        }
        for (let i = 0; i < items.length; i++)
          for (let j = i + 1; j < items.length; j++) {
            const a = items[i].r, c = items[j].r;
            // labels on neighbouring bars must keep a visible gap: touching counts as overlapping
            const gap = items[i].kind === 'bar label' && items[j].kind === 'bar label' ? 2 : -tol;
            const w = Math.min(a.rr, c.rr) - Math.max(a.l, c.l) + gap;
            const h = Math.min(a.b, c.b) - Math.max(a.t, c.t) + gap;
            if (w > 0 && h > 0)
              out.push(items[i].kind + ' "' + items[i].text + '" overlaps ' + items[j].kind + ' "' + items[j].text + '" (' + w.toFixed(0) + ' x ' + h.toFixed(0) + ' px)');
          }
        return out;
      })()`)) as string[];
      for (const issue of found) issues.push({ figure: name, issue });
    }
    return issues;
  } finally {
    await browser.close();
  }
}
