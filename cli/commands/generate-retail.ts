/**
 * `npm run generate -- retail --rows N --out FILE [--seed S] [--date-format us|iso] [--missing-customer-rate P]
 *  [--cancellation-rate P] [--duplicate-rate P] [--zero-price-rate P] [--products N] [--start YYYY-MM-DD]
 *  [--end YYYY-MM-DD] [--quiet]`
 * Writes a seeded synthetic Online Retail log (UCI CSV format; gzip when FILE ends in .gz).
 */
import { DataError } from '../../lib/errors';
import { generateRetail, type GenerateRetailOptions } from '../../lib/retail';
import { numberFlag } from '../args';

const USAGE =
  'usage: generate retail --rows N --out FILE [--seed S] [--date-format us|iso] [--missing-customer-rate P] ' +
  '[--cancellation-rate P] [--duplicate-rate P] [--zero-price-rate P] [--products N] [--start DAY] [--end DAY] [--quiet]';

const numberArg = (name: string, text: string | undefined): number => numberFlag(name, text, USAGE);

/** Parses `generate retail` arguments (exported for tests). @throws DataError naming the bad flag or value. */
export function parseGenerateRetailArgs(args: string[]): {
  out: string;
  quiet: boolean;
  options: GenerateRetailOptions;
} {
  let out: string | undefined;
  let quiet = false;
  const options: Partial<GenerateRetailOptions> = {};
  const numeric: Record<string, keyof GenerateRetailOptions> = {
    '--rows': 'rows',
    '--seed': 'seed',
    '--missing-customer-rate': 'missingCustomerRate',
    '--cancellation-rate': 'cancellationRate',
    '--duplicate-rate': 'duplicateRate',
    '--zero-price-rate': 'zeroPriceRate',
    '--products': 'products',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const key = numeric[arg];
    if (key !== undefined) (options as Record<string, unknown>)[key] = numberArg(arg.slice(2), args[++i]);
    else if (arg === '--out') out = args[++i];
    else if (arg === '--quiet') quiet = true;
    else if (arg === '--date-format') {
      const v = args[++i];
      if (v !== 'us' && v !== 'iso')
        throw new DataError(`invalid --date-format: ${JSON.stringify(v ?? null)} (us or iso)`);
      options.dateFormat = v;
    } else if (arg === '--start' || arg === '--end') {
      const v = args[++i];
      if (v === undefined) throw new DataError(`invalid ${arg}: null (${USAGE})`);
      options[arg === '--start' ? 'start' : 'end'] = v;
    } else throw new DataError(`unknown argument: ${JSON.stringify(arg)} (${USAGE})`);
  }
  if (options.rows === undefined) throw new DataError(`missing --rows (${USAGE})`);
  if (out === undefined || out === '') throw new DataError(`missing --out (${USAGE})`);
  return { out, quiet, options: options as GenerateRetailOptions };
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
