/**
 * `npm run generate -- retail --rows N --out FILE [--seed S] [--date-format us|iso] [--missing-customer-rate P]
 *  [--cancellation-rate P] [--duplicate-rate P] [--zero-price-rate P] [--products N] [--start YYYY-MM-DD]
 *  [--end YYYY-MM-DD] [--quiet]`
 * Writes a seeded synthetic Online Retail log (UCI CSV format; gzip when FILE ends in .gz).
 */
import { generateRetail, type GenerateRetailOptions } from '../../lib/retail';
import { parseFlags, choiceFlag, noPositional, numericFlags, type NumericFlags, UsageError } from '../args';

const USAGE =
  'usage: ecomlab generate retail --rows N --out FILE [--seed S] [--date-format us|iso] [--missing-customer-rate P] ' +
  '[--cancellation-rate P] [--duplicate-rate P] [--zero-price-rate P] [--products N] [--start DAY] [--end DAY] [--quiet]';

const NUMERIC: NumericFlags<GenerateRetailOptions> = {
  '--rows': ['rows', 'rows'],
  '--seed': ['seed', 'seed'],
  '--missing-customer-rate': ['missingCustomerRate', 'rate'],
  '--cancellation-rate': ['cancellationRate', 'rate'],
  '--duplicate-rate': ['duplicateRate', 'rate'],
  '--zero-price-rate': ['zeroPriceRate', 'rate'],
  '--products': ['products', 'products'],
};

/** Parses `generate retail` arguments (exported for tests). @throws DataError naming the bad flag or value. */
export function parseGenerateRetailArgs(args: string[]): {
  out: string;
  quiet: boolean;
  options: GenerateRetailOptions;
} {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--out', '--date-format', '--start', '--end', ...Object.keys(NUMERIC)],
    booleans: ['--quiet'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const options: Partial<GenerateRetailOptions> = {};
  numericFlags(values, NUMERIC, options);
  const dateFormat = values.get('--date-format');
  if (dateFormat !== undefined)
    options.dateFormat = choiceFlag('--date-format', dateFormat, ['us', 'iso'] as const);
  const start = values.get('--start');
  if (start !== undefined) options.start = start;
  const end = values.get('--end');
  if (end !== undefined) options.end = end;
  if (options.rows === undefined) throw new UsageError(`missing --rows`, USAGE);
  const out = values.get('--out');
  if (out === undefined || out === '') throw new UsageError(`missing --out`, USAGE);
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
