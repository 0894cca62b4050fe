/** The `load mysql` and `analyze behavior --mysql` commands: argument parsing and one end-to-end run each. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseAnalyzeBehaviorMysqlArgs } from '../../cli/commands/analyze-behavior-mysql';
import { parseLoadMysqlArgs } from '../../cli/commands/load-mysql';
import { connectOrExplain, dropTablesWithPrefix, MYSQL_URL, tablePrefix, withPassword } from './server';

const ROOT = path.join(__dirname, '../..');
const HEAD = 'data/taobao/UserBehavior_head_4321rows.csv';
const prefix = tablePrefix('cli');

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), 'cli/ecomlab.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ECOMLAB_MYSQL_URL: '' },
  });
}

afterAll(async () => {
  const db = await connectOrExplain();
  await dropTablesWithPrefix(db, prefix);
  await db.end();
});

describe('argument parsing', () => {
  it('load mysql', () => {
    expect(
      parseLoadMysqlArgs(
        ['f.csv', '--url', 'mysql://u@h/db', '--table=t1', '--strict', '--utc-offset', '+00:00'],
        {},
      ),
    ).toEqual({
      file: 'f.csv',
      json: false,
      progress: false,
      options: { url: 'mysql://u@h/db', table: 't1', strict: true, utcOffset: '+00:00' },
    });
    expect(parseLoadMysqlArgs(['f.csv'], { ECOMLAB_MYSQL_URL: 'mysql://e@h/db' }).options.url).toBe(
      'mysql://e@h/db',
    );
    expect(
      parseLoadMysqlArgs(['f.csv', '--url', 'mysql://u@h/db', '--max-reject-samples', '50'], {}).options
        .maxRejectSamples,
    ).toBe(50);
    expect(() =>
      parseLoadMysqlArgs(['f.csv', '--url', 'mysql://u@h/db', '--max-reject-samples', '-1'], {}),
    ).toThrow(/invalid --max-reject-samples: "-1"/);
    expect(
      parseLoadMysqlArgs(['f.csv', '--url', 'mysql://u@h/db', '--header', 'no'], {}).options.header,
    ).toBe(false);
    expect(() => parseLoadMysqlArgs(['f.csv', '--url', 'mysql://u@h/db', '--header', 'maybe'], {})).toThrow(
      /invalid --header: "maybe"/,
    );
    expect(() => parseLoadMysqlArgs(['f.csv'], {})).toThrow(/missing --url/);
    expect(() => parseLoadMysqlArgs(['f.csv', '--url', 'mysql://u@h/db', '--mode', 'fast'], {})).toThrow(
      /invalid --mode: "fast"/,
    );
    expect(() => parseLoadMysqlArgs(['--url', 'mysql://u@h/db'], {})).toThrow(/missing FILE/);
  });

  it('analyze behavior --mysql', () => {
    expect(
      parseAnalyzeBehaviorMysqlArgs([
        '--mysql',
        'mysql://u@h/db',
        '--table',
        't',
        '--json',
        '--rfm-thresholds',
        '4,2',
      ]),
    ).toEqual({
      url: 'mysql://u@h/db',
      table: 't',
      json: true,
      options: { rfmThresholds: { recency: 4, frequency: 2 } },
    });
    expect(() => parseAnalyzeBehaviorMysqlArgs(['--mysql'])).toThrow(/missing value after --mysql/);
    expect(() => parseAnalyzeBehaviorMysqlArgs(['--mysql', 'mysql://u@h/db', 'file.csv'])).toThrow(
      /unexpected argument/,
    );
  });
});

describe('end to end', () => {
  it('loads, analyses as JSON, and never prints a password', async () => {
    const table = `${prefix}e2e`;
    const load = cli('load', 'mysql', HEAD, '--url', MYSQL_URL, '--table', table);
    expect(load.stderr).toBe('');
    expect(load.stdout).toMatch(/lines 4,321 = kept 4,320 \+ rejected 1 \(outOfWindow 1\)/);
    const analyze = cli('analyze', 'behavior', '--mysql', MYSQL_URL, '--table', table, '--json');
    expect(analyze.status).toBe(0);
    const report = JSON.parse(analyze.stdout) as { overview: { rows: number }; funnel: { buyers: number } };
    expect(report.overview.rows).toBe(4320);
    expect(report.funnel.buyers).toBe(23);
    const bad = cli('load', 'mysql', HEAD, '--url', withPassword(MYSQL_URL, 'Sup3rS3cret'), '--table', table);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^ecomlab: cannot connect to mysql:\/\/root:\*\*\*@/);
    expect(bad.stderr + bad.stdout).not.toContain('Sup3rS3cret');
  });
});
