/** The retail reader's options, checked before any file is opened. */
import { DataError } from '../errors';
import { checkCallback, checkOption, checkOptionsObject } from '../options';
import type { RetailLoadOptions } from './types';

/**
 * Checks the reader's options before any file is opened (a wrong value is named, not read as a default or
 * found only after the file).
 *
 * @throws {DataError} `invalid dateOrder: "ymd" (expected 'mdy' ...)`, `invalid options: 42 (expected an object)`
 * @example
 * checkRetailLoadOptions({ dateOrder: 'dmy' }).dateOrder // => 'dmy'
 */
export function checkRetailLoadOptions(options: RetailLoadOptions | undefined): RetailLoadOptions {
  const checked = checkOptionsObject(options);
  const { maxRejectSamples, onProgress, dateOrder, format } = checked;
  if (maxRejectSamples !== undefined) checkOption('maxRejectSamples', maxRejectSamples);
  checkCallback('onProgress', onProgress);
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy')
    throw new DataError(
      `invalid dateOrder: ${JSON.stringify(dateOrder)} (expected 'mdy' (month/day/year, the UCI export) or 'dmy' (day/month/year))`,
      { column: 'dateOrder', value: dateOrder },
    );
  if (format !== undefined && format !== 'csv' && format !== 'xlsx')
    throw new DataError(`invalid format: ${JSON.stringify(format)} (expected 'csv' or 'xlsx')`, {
      column: 'format',
      value: format,
    });
  return checked;
}
