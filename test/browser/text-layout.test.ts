/**
 * Every README/notebook figure and every dashboard view, drawn in Chromium from real reports (the bundled behaviour
 * report fixture and the full UCI retail file): no two texts overlap, no text is clipped by the figure's edge, and
 * bar and cell labels are at least 10 px. Fails on the defects issue 9 lists (overlapping segment labels, clipped
 * "(high-value new)", touching LTV labels, "100%" cells on the tick labels, ~7 px bar labels).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BehaviorReport } from '../../lib/behavior/types';
import { behaviorFigures, customerPoints, type Figure, retailFigures } from '../../lib/charts';
import { dashboardViews } from '../../lib/display';
import { analyzeRetail } from '../../lib/lifecycle';
import { chromiumTest } from './page-check';
import { textIssues } from './text-layout';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');

chromiumTest('no overlapping, clipped or tiny text in any figure or dashboard view', async () => {
  const behavior = (
    JSON.parse(
      fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'behavior', 'bundled-1m.report.json'), 'utf8'),
    ) as { report: BehaviorReport }
  ).report;
  const retail = await analyzeRetail(path.join(ROOT, 'data', 'online-retail', 'online_retail.csv.gz'), {
    seed: 42,
  });
  const points = customerPoints(retail);
  const order = retail.rfm.segments.map((row) => row.label);
  const figures: Record<string, Figure> = { ...behaviorFigures(behavior), ...retailFigures(retail) };
  const all = dashboardViews(points, order);
  const one = dashboardViews(points, order, order[1]);
  Object.assign(figures, {
    'dashboard customers': all.figures[0],
    'dashboard value': all.figures[1],
    'dashboard matrix': all.figures[2],
    'dashboard customers (one segment)': one.figures[0],
  });
  // README images are drawn 1000 px wide; the dashboard's views about 560 px (two per row on a 1280 px screen).
  const wide = Object.fromEntries(Object.entries(figures).filter(([name]) => !name.startsWith('dashboard')));
  const narrow = Object.fromEntries(Object.entries(figures).filter(([name]) => name.startsWith('dashboard')));
  const issues = [
    ...(await textIssues(wide, { width: 1000 })),
    ...(await textIssues(narrow, { width: 560 })),
  ];
  expect(issues).toEqual([]);
});

chromiumTest('the checker itself fails on overlapping, clipped and tiny text', async () => {
  const bad: Figure = {
    data: [
      {
        type: 'bar',
        x: ['a', 'b'],
        y: [1, 2],
        text: ['one', 'two'],
        textposition: 'inside',
        textfont: { size: 6 },
      },
    ],
    layout: {
      height: 300,
      title: { text: 'A title far too long for a figure four hundred pixels wide, so its end is cut off' },
      annotations: [
        { x: 0, y: 1, text: 'first note', showarrow: false },
        { x: 0, y: 1, text: 'second note', showarrow: false },
      ],
    },
  };
  const issues = (await textIssues({ bad }, { width: 400 })).map((issue) => issue.issue);
  expect(
    issues.some((issue) => /annotation "first note" overlaps annotation "second note"/.test(issue)),
  ).toBe(true);
  expect(
    issues.some((issue) => /title "A title far too long.*" is clipped by the figure edge/.test(issue)),
  ).toBe(true);
  expect(issues.some((issue) => /bar label "one" is \d+(\.\d)? px/.test(issue))).toBe(true);
});
