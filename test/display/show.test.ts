import { hourlyChart } from '../../lib/charts';
import {
  display,
  type DisplaySink,
  figureHtml,
  figureSummaryHtml,
  plotlyBundle,
  plotlyLoaderHtml,
  scriptJson,
  show,
  showTable,
  tableHtml,
} from '../../lib/display';
import { behaviorReport } from '../charts/fixtures';

function recordingSink(): DisplaySink & { html: jest.Mock; markdown: jest.Mock } {
  return { html: jest.fn(), markdown: jest.fn() };
}

const figure = hourlyChart(behaviorReport.hourly);

describe('show', () => {
  test('sends plotly.js from the installed package once per sink, then one div + script per figure', () => {
    const sink = recordingSink();
    show(figure, { sink });
    show(figure, { sink });
    const outputs = sink.html.mock.calls.map((call) => call[0] as string);
    expect(outputs).toHaveLength(3);
    expect(outputs[0]).toContain(plotlyBundle().slice(0, 2000));
    expect(outputs[0]!.length).toBeGreaterThan(1_000_000);
    expect(outputs[1]).toMatch(/^<div id="ecomlab-fig-[0-9a-f]{8}" class="ecomlab-figure"/);
    expect(outputs[1]).toContain('Plotly.newPlot');
    expect(outputs[1]).toBe(outputs[2]);
    const other = recordingSink();
    show(figure, { sink: other });
    expect(other.html).toHaveBeenCalledTimes(2);
  });
  test('no output refers to a network resource', () => {
    const html = figureHtml(figure);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/cdn\./i);
    expect(plotlyLoaderHtml('x')).not.toMatch(/https?:/);
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
    expect(plotlyLoaderHtml('var s = "</script>";')).toContain('<\\/script>";');
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
