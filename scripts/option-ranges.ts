/**
 * Prints the option-range table of docs/reliability.md from `OPTION_RANGES` (lib/options.ts):
 * `npx tsx scripts/option-ranges.ts`. test/options.test.ts fails when the doc's table differs, so the doc cannot
 * drift from the ranges the code checks.
 */
import { describeRange, OPTION_RANGES, type DocumentedRange } from '../lib/options';

/** The markdown table, one row per range, in `OPTION_RANGES` order. */
export function optionRangesTable(): string {
  const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');
  const rows = Object.entries(OPTION_RANGES).map(([name, value]) => {
    const range: DocumentedRange = value;
    const where = [
      range.library.length > 0 ? `library ${code(range.library)}` : '',
      range.flags.length > 0 ? `CLI ${code(range.flags)}` : '',
    ].filter(Boolean);
    return `| \`${name}\` | ${where.join('; ')} | ${describeRange(range)} | ${range.why ?? ''} |`;
  });
  return ['| range | checks | valid values | why a bound |', '|---|---|---|---|', ...rows].join('\n');
}

if (require.main === module) process.stdout.write(`${optionRangesTable()}\n`);
