/**
 * The shared harness of the benchmark child processes: times `compute`, writes its report to `out` as JSON,
 * prints `{seconds, maxRssBytes}` on stdout for the parent, and turns any error into one stderr line + exit 1.
 */
import * as fs from 'node:fs';

export function runTimedChild(out: string, compute: () => Promise<unknown>): void {
  const started = process.hrtime.bigint();
  compute()
    .then((report) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      fs.writeFileSync(out, JSON.stringify(report));
      process.stdout.write(
        `${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
