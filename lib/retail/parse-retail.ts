/**
 * {@link parseRetail}: an Online Retail CSV held in a string, through the one retail-log parser
 * ({@link RetailParser}, retail-parser.ts) that `loadRetail` and the streaming path use too.
 */
import { RetailParser } from './retail-parser';
import type { RetailLoadOptions, RetailLoadResult } from './types';

export { RetailParser } from './retail-parser';
export { parseRetailDate, type RetailCell } from './retail-text';

/**
 * Parses an Online Retail CSV held in a string (header required; columns found by name, so any order works;
 * `Invoice`, `Price` and `Customer ID` of the 2009-2011 "Online Retail II" export are accepted too). Lines that
 * do not parse are rejected by reason, never dropped: `dataLines = rows + rejected`.
 *
 * Complexity: O(characters).
 * @param text The CSV text.
 * @param options See {@link RetailLoadOptions}.
 * @param file Name used in error messages and in the result. Default `null`.
 * @throws InputFileError when the header lacks a required column (e.g. a UserBehavior CSV) or the text is empty.
 * @example
 * const r = parseRetail('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
 *   '536365,85123A,"HEART, WHITE",6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n', { dateOrder: 'mdy' });
 * r.table.customerId; // => ['17850']
 * r.table.lineTotal[0]; // => 15.299999999999999
 */
export function parseRetail(
  text: string,
  options: RetailLoadOptions = {},
  file: string | null = null,
): RetailLoadResult {
  const parser = new RetailParser(file, options);
  parser.bytesDone = text.length;
  parser.bytesTotal = text.length;
  parser.pushText(text);
  return parser.finish();
}
