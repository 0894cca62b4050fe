import { customersCsv, dashboardHtml, dashboardViews, DASHBOARD_CSV_COLUMNS } from '../../lib/display';
import { customerPoints } from '../charts/fixtures';

describe('customersCsv', () => {
  test('one line per customer with every column, NaN as empty, quoting when needed', () => {
    const points = [
      { ...customerPoints[0]!, segmentLabel: 'Potential, "new"', churnProbability: Number.NaN },
      customerPoints[1]!,
    ];
    const lines = customersCsv(points).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(DASHBOARD_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe('12000,0,1,100,1,1,1,importantValue,"Potential, ""new""",50,,');
    expect(lines[2]).toBe('12001,7,2,135.5,2,4,3,generalDevelopment,General development,60,,0.1');
  });
});

describe('dashboardHtml', () => {
  const html = dashboardHtml(customerPoints, 'window.Plotly = {};', { title: 'T <x>' });
  test('self-contained: plotly inlined, no external script or stylesheet', () => {
    expect(html).toContain('window.Plotly = {};');
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain('<title>T &#60;x&#62;</title>');
  });
  test('a filter option per segment with its count', () => {
    expect(html).toContain('<option value="all">All segments (30)</option>');
    expect(html).toContain('<option value="s0">Important value (10)</option>');
    expect((html.match(/<option /g) ?? []).length).toBe(4);
  });
  test('views: highlighting keeps every segment, the matrix and numbers follow the selection', () => {
    const all = dashboardViews(customerPoints, []);
    const one = dashboardViews(customerPoints, [], 'General development');
    expect(all.kpis.customers).toBe(30);
    expect(one.kpis.customers).toBe(10);
    expect(one.figures[0].data[0]!.y).toEqual(all.figures[0].data[0]!.y);
    expect((one.figures[2].data[0]!.z as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(10);
  });
});
