/**
 * Suite-wide report check (jest `setupFilesAfterEnv`): every report that any test builds, through any report
 * builder of lib/ (the list below), is walked by {@link badNumbers}; a NaN, an Infinity or a `null` outside the
 * documented allow-list fails the test that built it (in its `afterEach`, so a test that catches the builder's
 * result or error cannot hide it). The builders are wrapped with `jest.doMock` on their own modules, so the
 * check sees the report whether the test imports the builder from its module, an area index or lib/index, and
 * also when one builder calls another (analyzeBehavior and analyzeBehaviorSql both assemble through
 * assembleBehaviorReport).
 *
 * The compiled copies under dist/ (used by the CLI subprocesses and the notebooks) are not wrapped here: the
 * CLI checks its own `--json` reports before printing them (cli/report-json.ts).
 */
import * as path from 'node:path';
import { badNumbers, type ReportKind } from './report-numbers';

const LIB = path.join(__dirname, '../../lib');

/** Every report builder: module (relative to lib/), export, kind of report. */
export const REPORT_BUILDERS: ReadonlyArray<readonly [string, string, ReportKind]> = [
  ['behavior/assemble', 'assembleBehaviorReport', 'behavior'],
  ['behavior/analyze', 'analyzeBehavior', 'behavior'],
  ['mysql/analyze-behavior-sql', 'analyzeBehaviorSql', 'behavior'],
  ['lifecycle/analyze-retail', 'analyzeRetail', 'retail'],
  ['story/behavior-story', 'behaviorStory', 'behaviorStory'],
  ['story/lifecycle-story', 'lifecycleStory', 'lifecycleStory'],
  ['story/churn-horizons', 'churnHorizonSensitivity', 'horizons'],
  ['story/explore-retail', 'exploreRetail', 'exploration'],
];

/** Reports found bad since the last {@link takeViolations}, with the builder that returned each. */
const violations: string[] = [];
/** Reports checked in this test file (so a test can prove the hook is live). */
let checked = 0;

/** The violations recorded so far, clearing them (the hook's own test uses this to prove they are caught). */
export function takeViolations(): string[] {
  return violations.splice(0);
}

/** How many reports the hook has checked in this test file so far. */
export function reportsChecked(): number {
  return checked;
}

function record(builder: string, kind: ReportKind, report: unknown): void {
  checked++;
  const bad = badNumbers(report, kind);
  if (bad.length > 0)
    violations.push(
      `${builder} returned a report with ${bad.length} non-finite or null number(s): ${bad.slice(0, 8).join(', ')}` +
        (bad.length > 8 ? ', ...' : ''),
    );
}

/**
 * `builder` wrapped so that each report it returns (or resolves to) is checked.
 *
 * @example
 * const checkedAssemble = checkedBuilder('assembleBehaviorReport', 'behavior', assembleBehaviorReport);
 */
export function checkedBuilder<F extends (...args: never[]) => unknown>(
  name: string,
  kind: ReportKind,
  builder: F,
): F {
  const wrapped = function (this: unknown, ...args: Parameters<F>): unknown {
    const result = builder.apply(this, args);
    if (result instanceof Promise)
      return result.then((report: unknown) => {
        record(name, kind, report);
        return report;
      });
    record(name, kind, result);
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: builder.name });
  return wrapped as unknown as F;
}

const byModule = new Map<string, Array<[string, ReportKind]>>();
for (const [module, name, kind] of REPORT_BUILDERS) {
  const list = byModule.get(module) ?? [];
  list.push([name, kind]);
  byModule.set(module, list);
}
for (const [module, builders] of byModule) {
  const file = path.join(LIB, module);
  jest.doMock(file, () => {
    const actual = jest.requireActual<Record<string, unknown>>(file);
    const wrapped: Record<string, unknown> = { ...actual };
    Object.defineProperty(wrapped, '__esModule', { value: true });
    for (const [name, kind] of builders) {
      const builder = actual[name];
      if (typeof builder !== 'function') throw new Error(`check-reports: lib/${module} has no ${name}()`);
      wrapped[name] = checkedBuilder(name, kind, builder as (...args: never[]) => unknown);
    }
    return wrapped;
  });
}

function fail(when: string): void {
  const found = takeViolations();
  if (found.length > 0)
    throw new Error(
      `A report holds NaN, Infinity or null where a number is promised (${when}; docs/reliability.md):\n` +
        found.join('\n'),
    );
}

afterEach(() => fail('found by the suite-wide check after this test'));
afterAll(() => fail('built in beforeAll/afterAll hooks of this file'));
