import { formatBehaviorReport, parseAnalyzeBehaviorArgs, run } from '../../cli/commands/analyze-behavior';
import { analyzeBehavior } from '../../lib/behavior/analyze';

const HEAD = 'data/taobao/UserBehavior_head_4321rows.csv';

describe('analyze behavior CLI', () => {
  it('parses every flag', () => {
    const parsed = parseAnalyzeBehaviorArgs([
      HEAD,
      '--json',
      '--rfm-thresholds',
      '4,4',
      '--from=2017-11-26',
      '--to',
      '2017-12-01',
      '--utc-offset',
      '+00:00',
      '--rejects',
      'r.tsv',
      '--workers',
      '2',
      '--chunk-rows',
      '7',
      '--max-reject-samples',
      '0',
      '--header',
      'no',
    ]);
    expect(parsed).toEqual({
      file: HEAD,
      json: true,
      progress: false,
      options: {
        rfmThresholds: { recency: 4, frequency: 4 },
        from: '2017-11-26',
        to: '2017-12-01',
        utcOffset: '+00:00',
        rejectsPath: 'r.tsv',
        workers: 2,
        chunkRows: 7,
        maxRejectSamples: 0,
        header: false,
      },
    });
  });

  it('names bad flags and values', () => {
    expect(() => parseAnalyzeBehaviorArgs([])).toThrow(/^missing FILE/);
    expect(() => parseAnalyzeBehaviorArgs([HEAD, '--bogus'])).toThrow(/^unknown option --bogus/);
    expect(() => parseAnalyzeBehaviorArgs([HEAD, '--workers', '0'])).toThrow(/invalid --workers: "0"/);
    expect(() => parseAnalyzeBehaviorArgs([HEAD, '--rfm-thresholds', '4'])).toThrow(
      /invalid --rfm-thresholds: "4"/,
    );
    expect(() => parseAnalyzeBehaviorArgs([HEAD, '--from'])).toThrow(/missing value after --from/);
    expect(() => parseAnalyzeBehaviorArgs([HEAD, 'other.csv'])).toThrow(/one FILE only/);
  });

  it('prints the JSON report and the readable summary', async () => {
    const chunks: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await run([HEAD, '--json', '--rfm-thresholds', '4,4']);
    } finally {
      spy.mockRestore();
    }
    const expected = await analyzeBehavior(HEAD, { rfmThresholds: { recency: 4, frequency: 4 } });
    expect(JSON.parse(chunks.join(''))).toEqual(expected);
    const text = formatBehaviorReport(HEAD, expected);
    expect(text).toMatch(/lines 4,321 = kept 4,320 \+ rejected 1 \(outOfWindow 1\)/);
    expect(text).toMatch(/recent R <= 4 days, frequent F >= 4 buys \(explicit\)/);
    expect(text).toMatch(/重要价值客户 important value customers/);
    expect(text).toMatch(/line 4171 outOfWindow: "1000169,1328010,959452,pv,1505117799"/);
  });
});
