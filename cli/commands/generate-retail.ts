/**
 * `npm run generate -- retail --rows N --out FILE [--seed S] [--date-format us|iso] [--missing-customer-rate P]
 *  [--cancellation-rate P] [--duplicate-rate P] [--zero-price-rate P] [--products N] [--start YYYY-MM-DD]
 *  [--end YYYY-MM-DD] [--quiet]`
 * Writes a seeded synthetic Online Retail log (UCI CSV format; gzip when FILE ends in .gz).
 */
import { generateRetail, type GenerateRetailOptions } from '../../lib/retail';
import { choiceFlag, copyFlags, noPositional, numericFlags, parseFlags, requiredFlag } from '../args';

const USAGE =
  'usage: ecomlab generate retail --rows N --out FILE [--seed S] [--date-format us|iso] [--missing-customer-rate P] ' +
  '[--cancellation-rate P] [--duplicate-rate P] [--zero-price-rate P] [--products N] [--start DAY] [--end DAY] [--quiet]';

const NUMERIC = [
  '--rows',
  '--seed',
  '--missing-customer-rate',
  '--cancellation-rate',
  '--duplicate-rate',
  '--zero-price-rate',
  '--products',
];

/** Parses `generate retail` arguments (exported for tests). @throws DataError naming the bad flag or value. */
export function parseGenerateRetailArgs(args: string[]): {
  out: string;
  quiet: boolean;
  options: GenerateRetailOptions;
} {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--out', '--date-format', '--start', '--end', ...NUMERIC],
    booleans: ['--quiet'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const options: Partial<GenerateRetailOptions> = {};
  numericFlags(values, NUMERIC, options);
  const dateFormat = values.get('--date-format');
  if (dateFormat !== undefined)
    options.dateFormat = choiceFlag('--date-format', dateFormat, ['us', 'iso'] as const);
  copyFlags(values, { '--start': 'start', '--end': 'end' }, options);
  requiredFlag(values, '--rows', USAGE);
  const out = requiredFlag(values, '--out', USAGE);
  return { out, quiet: booleans.has('--quiet'), options: options as GenerateRetailOptions };
}

export async function run(args: string[]): Promise<void> {
  const { out, quiet, options } = parseGenerateRetailArgs(args);
  const started = Date.now();
  const result = await generateRetail(out, options);
  if (!quiet) {
    process.stdout.write(
      `generate retail: ${result.rows.toLocaleString('en-US')} lines (seed ${result.seed}) -> ${result.file}, ` +
        `${result.bytes.toLocaleString('en-US')} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
}
