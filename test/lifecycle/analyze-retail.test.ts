import { analyzeRetail, RETAIL_STAGES, type RetailReport } from '../../lib/lifecycle';
import { formatRetailReport, parseRetailArgs } from '../../cli/commands/analyze-retail';
import reference from '../fixtures/model/retail_pipeline_dec2010.json';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { churnDataset } from '../../lib/churn/churn-features';
import { cleanRetail, loadRetail } from '../../lib/retail';
import { stratifiedSplit } from '../../lib/sample/split';

const FILE = 'data/online-retail/online_retail_2010-12.csv';
const OPTIONS = { horizonDays: 7, seed: 7, beeswarmRows: 50 };

const withoutTimings = (r: RetailReport): string => JSON.stringify({ ...r, timingsMs: null });

describe('analyzeRetail on the real Dec-2010 file', () => {
  let report: RetailReport;
  const stages: string[] = [];
  beforeAll(async () => {
    report = await analyzeRetail(FILE, { ...OPTIONS, onProgress: (s) => stages.push(s) });
  });

  it('agrees with the pandas pipeline (scripts/reference/retail_pipeline.py) on cleaning and the churn label', () => {
    expect(
      report.cleaning.steps.map(({ step, removed, remaining }) => ({ step, removed, remaining })),
    ).toEqual(reference.cleaning);
    expect(report.cleaning.customers).toBe(reference.customers);
    expect(report.cleaning.revenue).toBeCloseTo(reference.revenue, 6);
    expect(report.churn.cutoff).toBe(reference.churn.cutoff);
    expect(report.churn.customers).toBe(reference.churn.customers);
    expect(report.churn.churned).toBe(reference.churn.churned);
    expect(report.churn.churnRate).toBeCloseTo(reference.churn.churnRate, 12);
    // Same train size and the same number of SMOTE rows (the split itself uses a different RNG).
    expect(report.model.split.train).toBe(reference.smote.trainRows);
    expect(report.model.smote.generated).toBe(reference.smote.generated);
  });

  it('accounts for every line, customer and row', () => {
    const steps = report.cleaning.steps;
    const removed = steps.reduce((a, s) => a + s.removed, 0);
    expect(steps[0]!.remaining).toBe(removed + steps[steps.length - 1]!.remaining);
    expect(report.input.dataLines).toBe(report.input.rows + report.input.rejected);
    const lc = report.churn.lineCounts;
    expect(lc.beforeCutoff + lc.inLabelWindow + lc.afterLabelWindow).toBe(lc.lines);
    expect(report.model.split.train + report.model.split.test).toBe(report.churn.customers);
    expect(report.model.split.trainChurned + report.model.split.testChurned).toBe(report.churn.churned);
    const trainMajority = Math.max(
      report.model.split.trainChurned,
      report.model.split.train - report.model.split.trainChurned,
    );
    expect(report.model.smote.trainRowsAfter).toBe(2 * trainMajority);
    // The scaler saw the training part only (not the test part, not the SMOTE rows).
    expect(report.model.scaler.nSamples).toBe(report.model.split.train);
    expect(report.model.withSmote.metrics.n).toBe(report.model.split.test);
    expect(report.customers.length).toBe(report.cleaning.customers);
    expect(report.rfm.segments.reduce((a, s) => a + s.customers, 0)).toBe(report.cleaning.customers);
  });

  it('fills every report section', () => {
    expect(report.options.cutoff).toBe('2010-12-17');
    expect(report.model.withSmote.coefficients.map((c) => c.feature)).toEqual(report.churn.featureNames);
    expect(report.shap.topDrivers.length).toBe(5);
    expect(report.shap.matrix.values.length).toBe(50);
    expect(report.shap.matrix.featureValues.length).toBe(50);
    expect([...report.shap.matrix.featureNames].sort()).toEqual([...report.churn.featureNames].sort());
    expect(report.model.recallGain).toBeCloseTo(
      report.model.withSmote.metrics.recall - report.model.withoutSmote.metrics.recall,
      15,
    );
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(report.ltv.bgNbd[k]).toBeGreaterThan(0);
    for (const m of [report.model.withoutSmote, report.model.withSmote]) {
      let area = 0;
      for (let k = 1; k < m.roc.fpr.length; k++)
        area += (m.roc.fpr[k]! - m.roc.fpr[k - 1]!) * (m.roc.tpr[k]! + m.roc.tpr[k - 1]!) * 0.5;
      expect(area).toBeCloseTo(m.metrics.rocAuc, 12);
      expect(m.pr.recall[m.pr.recall.length - 1]).toBe(1);
    }
    for (const c of report.customers) {
      expect(c.churnProbability).toBeGreaterThanOrEqual(0);
      expect(c.churnProbability).toBeLessThanOrEqual(1);
    }
    expect(stages).toEqual([...RETAIL_STAGES]);
    expect(formatRetailReport(report)).toMatch(/Recall gain from SMOTE: -?\d+\.\d points/);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const again = await analyzeRetail(FILE, OPTIONS);
    expect(withoutTimings(again)).toBe(withoutTimings(report));
    const other = await analyzeRetail(FILE, { ...OPTIONS, seed: 8, cutoff: '2010-12-15' });
    expect(other.churn.cutoff).toBe('2010-12-15');
    expect(other.model.withSmote.coefficients).not.toEqual(report.model.withSmote.coefficients);
  });

  it('rejects a cutoff whose label window does not fit, and a missing file', async () => {
    await expect(analyzeRetail(FILE, { horizonDays: 7, cutoff: '2010-12-20' })).rejects.toThrow(
      /invalid cutoff: 2010-12-20 \(cutoff \+ 7 days = 2010-12-27 is after the data end 2010-12-24/,
    );
    await expect(analyzeRetail('no/such/file.csv')).rejects.toThrow(/no\/such\/file.csv/);
    // Bad options fail before the file is read (here it does not even exist).
    for (const [option, message] of [
      [{ horizonDays: 0 }, /invalid horizonDays: 0/],
      [{ testSize: 1.5 }, /invalid testSize: 1.5/],
      [{ C: 0 }, /invalid C: 0/],
      [{ smoteK: 0 }, /invalid smoteK: 0/],
      [{ threshold: NaN }, /invalid threshold: NaN/],
      [{ margin: 2 }, /invalid margin: 2/],
      [{ lifespanYears: -1 }, /invalid lifespanYears: -1/],
      [{ clvMonths: 1.5 }, /invalid clvMonths: 1.5/],
      [{ discountRate: -1 }, /invalid discountRate: -1/],
    ] as const)
      await expect(analyzeRetail('no/such/file.csv', option)).rejects.toThrow(message);
    await expect(analyzeRetail(FILE, { cutoff: '2010-13-01' })).rejects.toThrow(
      /invalid cutoff: "2010-13-01"/,
    );
  });
});

describe('no leakage across the split', () => {
  it("changing a test customer's raw recency/frequency/monetary changes no training feature", async () => {
    // Find a test-part customer as analyzeRetail does (the split depends on the labels and the seed only).
    const { clean, cancellations } = cleanRetail(await loadRetail(FILE));
    const ds = churnDataset(clean, cancellations, { horizonDays: OPTIONS.horizonDays });
    const split = stratifiedSplit(Array.from(ds.label), { testSize: 0.3, seed: OPTIONS.seed });
    // Lines before the cutoff by customer (fields after the quoted Description never hold a comma, so they
    // are read from the end of the line).
    const cut = Date.parse(`${ds.cutoffDate}T00:00:00Z`);
    const lines = fs.readFileSync(FILE, 'utf8').trimEnd().split('\n');
    const field = (line: string, fromEnd: number): string => line.split(',').at(-fromEnd)!;
    const isBefore = (line: string): boolean => Date.parse(`${field(line, 4).replace(' ', 'T')}Z`) < cut;
    const invoiceOf = (line: string): string => line.slice(0, line.indexOf(','));
    // The test customer with the smallest monetary among those with an invoice of 2+ lines before the cutoff:
    // moving it to the top shifts the population rank of many training customers.
    const testIds = new Set(split.test.map((k) => ds.customerId[k]!));
    const multiLine = new Set<string>();
    const seen = new Set<string>();
    for (const line of lines.slice(1)) {
      const id = field(line, 2);
      if (!testIds.has(id) || !isBefore(line)) continue;
      const key = `${id}|${invoiceOf(line)}`;
      if (seen.has(key)) multiLine.add(id);
      seen.add(key);
    }
    const money = (id: string): number => ds.features.monetary[ds.customerId.indexOf(id)]!;
    const victim = [...multiLine].reduce((a, b) => (money(a) <= money(b) ? a : b));
    // Its lines before the cutoff: quantities ×1000 (monetary), and its last such line moved to a new
    // invoice at the same time (frequency + 1); its label (after the cutoff) is unchanged.
    const victimLines = lines.flatMap((line, i) =>
      i > 0 && field(line, 2) === victim && isBefore(line) ? [i] : [],
    );
    const moved = victimLines.at(-1)!;
    const edited = lines.map((line, i) => {
      if (!victimLines.includes(i)) return line;
      const cells = line.split(',');
      cells[cells.length - 5] = String(Number(cells.at(-5)) * 1000);
      if (i === moved) cells[0] = '999999';
      return cells.join(',');
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-leak-'));
    const file = path.join(dir, 'edited.csv');
    fs.writeFileSync(file, edited.join('\n') + '\n');
    try {
      const before = await analyzeRetail(FILE, OPTIONS);
      const after = await analyzeRetail(file, OPTIONS);
      // The edit did reach the features (population scores move) but not the split or the labels.
      const editedDs = churnDataset(cleanRetail(await loadRetail(file)).clean, cancellations, {
        horizonDays: OPTIONS.horizonDays,
      });
      const v = editedDs.customerId.indexOf(victim);
      expect(editedDs.features.monetary[v]).toBeCloseTo(1000 * ds.features.monetary[v]!, 3);
      expect(editedDs.features.frequency[v]).toBe(ds.features.frequency[v]! + 1);
      expect(Array.from(editedDs.label)).toEqual(Array.from(ds.label));
      expect(editedDs.features.mScore).not.toEqual(ds.features.mScore);
      // Training features are identical: same score bins, same scaler (mean and scale of every training
      // column), same SMOTE rows, same fitted model without SMOTE.
      expect(after.model.split).toEqual(before.model.split);
      expect(after.model.scoreBins).toEqual(before.model.scoreBins);
      expect(after.model.scaler).toEqual(before.model.scaler);
      expect(after.model.withoutSmote.coefficients).toEqual(before.model.withoutSmote.coefficients);
      expect(after.model.withSmote.coefficients).toEqual(before.model.withSmote.coefficients);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('analyze retail command line', () => {
  it('parses flags with defaults', () => {
    expect(parseRetailArgs([])).toEqual({
      file: 'data/online-retail/online_retail.csv.gz',
      json: false,
      quiet: false,
      options: {},
    });
    expect(
      parseRetailArgs(['f.csv', '--json', '--cutoff', '2011-06-01', '--horizon-days', '60', '--seed', '3']),
    ).toEqual({
      file: 'f.csv',
      json: true,
      quiet: false,
      options: { cutoff: '2011-06-01', horizonDays: 60, seed: 3 },
    });
  });

  it('names the bad flag or value', () => {
    expect(() => parseRetailArgs(['--seed', 'x'])).toThrow(/invalid --seed: "x"/);
    expect(() => parseRetailArgs(['--frobnicate'])).toThrow(/unknown option --frobnicate/);
    expect(() => parseRetailArgs(['a', 'b'])).toThrow(/unexpected argument "b" \(one FILE only\)/);
  });
});

describe('analyzeRetail on too little data', () => {
  it('says why instead of failing inside a step', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-retail-')), 'tiny.csv');
    fs.writeFileSync(
      file,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '1,A,x,1,2011-01-01 10:00:00,10,1,UK',
        '2,A,x,1,2011-01-02 10:00:00,10,2,UK',
        '3,A,x,1,2011-03-05 10:00:00,10,1,UK',
        '4,A,x,1,2011-04-05 10:00:00,10,3,UK',
      ].join('\n'),
    );
    await expect(analyzeRetail(file, { horizonDays: 30 })).rejects.toThrow(
      /invalid data: the churn population is too small to model \(2 customers, 2 churned;/,
    );
  });
});
