/**
 * The executed notebooks tell the reports' story: each report's reference figures appear in the side-by-side
 * table beside a computed figure (issue 13: 68.3 %, 21.8 %, 9.7 %, 25.6 %, 54.4 %, 86 %, 24 %, 72 %), notebook 01
 * says its default data is generated before its first finding, and 02 has its at-risk list, exploration and
 * CSV hand-offs. Uses the shared cached execution (execute-once.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executedNotebook, ROOT } from './execute-once';

jest.setTimeout(900_000);

interface Output {
  data?: Record<string, string | string[]>;
}

const join = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : (value ?? ''));

async function outputs(name: string): Promise<string[]> {
  const run = await executedNotebook(name);
  const notebook = JSON.parse(fs.readFileSync(run.ipynb, 'utf8')) as { cells: Array<{ outputs?: Output[] }> };
  return notebook.cells.flatMap((cell) =>
    (cell.outputs ?? []).map((output) => join(output.data?.['text/markdown']) || join(output.data?.['text/html'])),
  );
}

/** The rows of the side-by-side table (HTML) as arrays of cell texts. */
function claimRows(all: string[], caption: string): string[][] {
  const table = all.find((text) => text.includes(caption));
  expect(table).toBeDefined();
  return (table as string)
    .split(/<tr[^>]*>/)
    .slice(1)
    .map((row) => [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => (m[1] as string).replace(/<[^>]+>/g, '')));
}

function expectBesideComputed(rows: string[][], figures: string[]): void {
  const header = rows[0] as string[];
  const reportColumn = header.indexOf('report');
  const computedColumn = header.indexOf('this run');
  expect([reportColumn >= 0, computedColumn >= 0]).toEqual([true, true]);
  for (const figure of figures) {
    const row = rows.find((cells) => (cells[reportColumn] ?? '').includes(figure));
    expect([figure, row !== undefined]).toEqual([figure, true]);
    // The computed cell beside it holds a number, and the row says why they agree or differ.
    expect((row as string[])[computedColumn]).toMatch(/\d/);
    expect((row as string[])[header.indexOf('why')]!.length).toBeGreaterThan(20);
  }
}

describe('notebook 01 tells the Taobao report side by side', () => {
  let all: string[];
  beforeAll(async () => {
    all = await outputs('01-user-behavior');
  });

  test('it says the default file is generated before its first finding', () => {
    const generated = all.findIndex((text) => text.includes('This run reads a generated file, not the real log'));
    const firstFinding = all.findIndex((text) => text.startsWith('**Finding.**'));
    expect(generated).toBeGreaterThanOrEqual(0);
    expect(generated).toBeLessThan(firstFinding);
    expect(all[generated]).toMatch(/It can reproduce\*[\s\S]*It cannot reproduce\*[\s\S]*ECOMLAB_BEHAVIOR_FILE=/);
  });

  test("the report's figures stand beside computed ones", () => {
    const rows = claimRows(all, 'Taobao report: every claim beside the computed figure');
    expectBesideComputed(rows, ['68.3%', '21.8%', '9.7%', '25.6%', '54.4%', '86%']);
  });

  test('each insight repeats its claims next to its chart, with the reason for any difference', () => {
    const blocks = all.filter((text) => text.startsWith('> **Report**'));
    expect(blocks.length).toBeGreaterThanOrEqual(11);
    expect(blocks.join('\n')).toContain('buyers never faved or carted');
  });
});

describe('notebook 02 tells the lifecycle report side by side', () => {
  let all: string[];
  beforeAll(async () => {
    all = await outputs('02-customer-lifecycle');
  });

  test("the report's recall figures stand beside computed ones", () => {
    const rows = claimRows(all, 'Lifecycle report: every claim beside the computed figure');
    expectBesideComputed(rows, ['24%', '72%']);
  });

  test('horizon table, at-risk list, exploration before cleaning, and the CSV hand-offs on disk', () => {
    const horizon = claimRows(all, 'Churn label horizon sensitivity');
    expect(horizon.slice(1).map((row) => row[0])).toEqual(['30', '60', '90', '180', '240']);
    expect(claimRows(all, 'Customers at risk, by churn probability × CLV').length).toBe(21);
    const exploration = all.findIndex((text) => text.includes('Top products by revenue'));
    const cleaning = all.findIndex((text) => text.includes('Cleaning steps: lines removed and left'));
    expect(exploration).toBeGreaterThanOrEqual(0);
    expect(exploration).toBeLessThan(cleaning);
    const written = claimRows(all, 'Files written').slice(1);
    expect(written.map((row) => path.basename(row[0] as string))).toEqual(['rfm_for_bi.csv', 'churn_modelling_table.csv']);
    for (const [file, rows] of written) {
      const text = fs.readFileSync(path.join(ROOT, file as string), 'utf8');
      expect(text.split('\n').length - 2).toBe(Number((rows as string).replace(/,/g, '')));
      expect(Number((rows as string).replace(/,/g, ''))).toBeGreaterThan(1000);
    }
  });
});
