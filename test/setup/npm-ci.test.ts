/**
 * `npm ci` (what scripts/setup.sh runs) accepts the committed lock file: it must list every platform's optional
 * binaries (swc, duckdb, unrs resolver), not only this machine's, or npm ci refuses it as out of sync.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('npm ci accepts package.json + package-lock.json as committed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-npm-ci-'));
  try {
    for (const file of ['package.json', 'package-lock.json'])
      fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    const result = spawnSync(
      'npm',
      ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect({
      status: result.status,
      error: result.stderr
        .split('\n')
        .filter((line) => /npm error/.test(line))
        .slice(0, 6),
    }).toEqual({
      status: 0,
      error: [],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test('setup.sh installs with npm ci and the Debian client and CJK fonts', () => {
  const setup = fs.readFileSync(path.join(ROOT, 'scripts', 'setup.sh'), 'utf8');
  expect(setup).toMatch(/^npm ci\b/m);
  expect(setup).not.toMatch(/^npm install\b/m);
  for (const pkg of ['jupyter-notebook', 'fonts-noto-cjk', 'fonts-wqy-microhei'])
    expect(setup).toContain(pkg);
});

test("a CJK font is installed and named in the charts' font stack (Chinese segment names are not empty boxes)", () => {
  const { FONT_FAMILY } = require('../../lib/charts') as typeof import('../../lib/charts');
  const listed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  const families = listed.stdout
    .split('\n')
    .flatMap((line) => line.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  expect(families.length).toBeGreaterThan(0);
  const stack = FONT_FAMILY.split(',').map((name) => name.trim().replace(/^'|'$/g, ''));
  expect(stack.some((name) => families.includes(name))).toBe(true);
});
