import { hourlyChart } from '../../lib/charts';
import {
  display,
  type DisplaySink,
  embedPlotly,
  figureBundle,
  figureHtml,
  figureSummaryHtml,
  figureText,
  plotlyBundle,
  plotlyInlineHtml,
  scriptJson,
  show,
  showTable,
  tableHtml,
} from '../../lib/display';
import { behaviorReport } from '../charts/fixtures';

function recordingSink(): DisplaySink & { html: jest.Mock; markdown: jest.Mock } {
  return { html: jest.fn(), markdown: jest.fn() };
}
function bundleSink(): DisplaySink & { html: jest.Mock; markdown: jest.Mock; bundle: jest.Mock } {
  return { html: jest.fn(), markdown: jest.fn(), bundle: jest.fn() };
}

const figure = hourlyChart(behaviorReport.hourly);

describe('show', () => {
  test('each figure is one bundle (Plotly JSON, self-loading HTML, text) that needs no other output', () => {
    const sink = bundleSink();
    show(figure, { sink });
    show(figure, { sink });
    expect(sink.html).not.toHaveBeenCalled();
    const bundles = sink.bundle.mock.calls.map((call) => call[0] as Record<string, unknown>);
    expect(bundles).toHaveLength(2);
    for (const bundle of bundles) {
      expect(Object.keys(bundle)).toEqual(['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
      expect(bundle['application/vnd.plotly.v1+json']).toEqual({
        data: figure.data,
        layout: figure.layout,
        config: { responsive: true, displaylogo: false },
      });
      const html = bundle['text/html'] as string;
      expect(html).toMatch(/^<div id="ecomlab-fig-[0-9a-f]{16}" class="ecomlab-figure"/);
      expect(html).toContain('if (!window.ecomlabPlotly)');
      expect(html).toContain('Plotly.newPlot');
      // small: the library is never in a figure output
      expect(html.length).toBeLessThan(20_000);
      expect(bundle['text/plain']).toBe(figureText(figure));
    }
    // the same figure twice: two ids, both draw
    const ids = bundles.map((bundle) => /id="([^"]+)"/.exec(bundle['text/html'] as string)![1]);
    expect(new Set(ids).size).toBe(2);
  });
  test('a sink without bundles gets the HTML part; embedPlotly sends the library inert, once', () => {
    const sink = recordingSink();
    show(figure, { sink });
    expect(sink.html.mock.calls[0]![0]).toMatch(/^<div id="ecomlab-fig-/);
    embedPlotly({ sink });
    const inline = sink.html.mock.calls[1]![0] as string;
    expect(inline.startsWith('<script type="application/x-ecomlab-plotly">')).toBe(true);
    expect(inline).toContain(plotlyBundle().slice(0, 2000));
  });
  test('the text part names the title and the first points of each trace', () => {
    expect(
      figureText({
        data: [{ type: 'bar', name: 'n', x: ['a', 'b'], y: [1, 2.5] }],
        layout: { title: { text: 'T<br>sub' } },
      }),
    ).toBe('T sub\n  n (bar): a: 1, b: 2.500');
    expect(figureBundle(figure)['text/plain'].split('\n')[0]).toContain('traffic peaks at 21:00');
  });
  test('no output refers to a network resource', () => {
    const html = figureHtml(figure);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/cdn\./i);
    expect(plotlyInlineHtml('x')).not.toMatch(/https?:/);
  });
  test('the figure div holds a static summary of the numbers', () => {
    const html = figureHtml(figure, { id: 'f' });
    expect(
      html.startsWith(
        '<div id="f" class="ecomlab-figure" style="min-height:450px"><div class="ecomlab-fallback">',
      ),
    ).toBe(true);
    expect(figureSummaryHtml(figure)).toContain(
      '<caption>Page views</caption><tr><td>0</td><td>30</td></tr>',
    );
    expect(html).toContain('traffic peaks at 21:00');
  });
  test('script-embedded JSON cannot close the script element', () => {
    expect(scriptJson({ a: '</script><script>alert(1)</script>' })).not.toContain('</script');
    const inline = plotlyInlineHtml('var s = "</script>"; var c = "<!--";');
    expect(inline).toContain('<\\/script>";');
    expect(inline.match(/<\/script/g)).toHaveLength(1);
    expect(inline).not.toContain('"<!--"');
  });
});

describe('markdown and table', () => {
  test('markdown goes to the sink as is', () => {
    const sink = recordingSink();
    display.markdown(`**${display.pct(0.6832)}** of ${display.int(1234567)} users`, { sink });
    expect(sink.markdown).toHaveBeenCalledWith('**68.3%** of 1,234,567 users');
  });
  test('tables escape values and right-align numbers', () => {
    expect(tableHtml([{ step: '<read>', lines: 1200 }])).toBe(
      '<table class="ecomlab-table"><thead><tr><th>step</th><th>lines</th></tr></thead><tbody><tr><td>&#60;read&#62;</td><td style="text-align:right">1,200</td></tr></tbody></table>',
    );
  });
  test('a danfojs-like frame renders by its columns and values', () => {
    const sink = recordingSink();
    showTable(
      {
        columns: ['a', 'b'],
        values: [
          [1, 'x'],
          [2.5, 'y'],
        ],
      },
      { sink, caption: 'T' },
    );
    expect(sink.html.mock.calls[0]![0]).toBe(
      '<table class="ecomlab-table"><caption>T</caption><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td style="text-align:right">1</td><td>x</td></tr><tr><td style="text-align:right">2.500</td><td>y</td></tr></tbody></table>',
    );
  });
});
