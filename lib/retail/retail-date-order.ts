/**
 * The day/month order of slash dates (`12/1/2010` is 1 December month-first, 12 January day-first): given,
 * or proven by the data. While unknown, a date with both fields <= 12 is read month-first provisionally and
 * reported as ambiguous; the first date with a field over 12 (valid only one way) proves the order; a date
 * that proves the opposite of a proven order makes the file mixed (refused).
 */
import { InputFileError } from '../errors';
import { parseRetailDate, US_DATE_RE, wallClockMs } from './retail-text';
import type { RetailDateOrder } from './types';

/**
 * Reads InvoiceDate texts while settling the day/month order (a cache skips repeated texts).
 *
 * Complexity: O(text length) per new text.
 * @example
 * const dates = new DateOrderReader('log.csv', undefined, () => {});
 * dates.read('12/1/2010 8:26', 2); dates.ambiguous; // => true
 * dates.read('12/13/2010 8:26', 3); dates.order; // => 'mdy'
 */
export class DateOrderReader {
  /** Day/month order: given, proven by the data, or null while unknown. */
  order: RetailDateOrder | null;
  /** Whether the last date read is ambiguous while the order is unknown. */
  ambiguous = false;
  private readonly given: boolean;
  private proof: { value: string; line: number } | null = null;
  private readonly examples: { value: string; line: number }[] = [];
  private lastText = '';
  private lastMs = NaN;
  private lastAmbiguous = false;

  /**
   * @param file Named in errors (`null` for a string).
   * @param order The given order, or undefined to prove it from the data.
   * @param onProven Called once when the data proves the order.
   */
  constructor(
    private readonly file: string | null,
    order: RetailDateOrder | undefined,
    private readonly onProven: () => void,
  ) {
    this.order = order ?? null;
    this.given = order !== undefined;
  }

  /** Epoch ms of `text` (NaN if invalid) on physical line `line`; sets {@link ambiguous}. */
  read(text: string, line: number): number {
    if (text !== this.lastText) {
      this.lastMs = this.parse(text, line);
      this.lastText = text;
    }
    this.ambiguous = this.lastAmbiguous && this.order === null;
    if (this.ambiguous) {
      const ex = this.examples;
      if (ex.length < 2 && (ex.length === 0 || ex[0]!.value !== text)) ex.push({ value: text, line });
    }
    return this.lastMs;
  }

  /** The proof of the order found by the data (null when given or not yet proven). */
  get proven(): { order: RetailDateOrder; value: string; line: number } | null {
    return this.proof === null || this.given ? null : { order: this.order!, ...this.proof };
  }

  /** Takes the order as proven by `value` on line `line` (found by reading ahead: nothing was held back). */
  adopt({ order, value, line }: { order: RetailDateOrder; value: string; line: number }): void {
    this.order = order;
    this.proof = { value, line };
  }

  /** Epoch ms of `text` in the settled order, without touching the detection (re-reading a line). */
  settled(text: string): number {
    return parseRetailDate(text, this.order ?? 'mdy');
  }

  private parse(text: string, line: number): number {
    this.lastAmbiguous = false;
    const m = US_DATE_RE.exec(text);
    if (m === null) return parseRetailDate(text);
    const a = +m[1]!;
    const b = +m[2]!;
    const y = +m[3]!;
    const h = +m[4]!;
    const mi = +m[5]!;
    const sec = m[6] === undefined ? 0 : +m[6];
    if (this.given || (a <= 12 && b <= 12)) {
      const ms =
        this.order === 'dmy' ? wallClockMs(y, b, a, h, mi, sec, 0) : wallClockMs(y, a, b, h, mi, sec, 0);
      this.lastAmbiguous = !this.given && ms === ms && this.order === null;
      return ms;
    }
    const dmy = a > 12 && b <= 12 ? wallClockMs(y, b, a, h, mi, sec, 0) : NaN;
    const mdy = b > 12 && a <= 12 ? wallClockMs(y, a, b, h, mi, sec, 0) : NaN;
    if (dmy === dmy) this.prove('dmy', text, line);
    else if (mdy === mdy) this.prove('mdy', text, line);
    return dmy === dmy ? dmy : mdy;
  }

  private prove(order: RetailDateOrder, value: string, line: number): void {
    if (this.order === order) return;
    if (this.order !== null) {
      const proof = this.proof!;
      const here = { value, line };
      const [dayFirst, monthFirst] = order === 'dmy' ? [here, proof] : [proof, here];
      throw new InputFileError(
        this.file ?? '<text>',
        `InvoiceDate mixes day-first and month-first dates: ${JSON.stringify(dayFirst.value)} (line ${dayFirst.line}) is day/month, ` +
          `${JSON.stringify(monthFirst.value)} (line ${monthFirst.line}) is month/day; fix the file, or pass --date-format mdy or ` +
          `--date-format dmy (library: dateOrder) to read every date one way (dates that do not fit it are rejected as badDate)`,
      );
    }
    this.order = order;
    this.proof = { value, line };
    this.lastText = ''; // the cache holds a provisional reading
    this.onProven();
  }

  /** The refusal of a file whose order the data cannot tell. */
  refusal(): InputFileError {
    const ex = this.examples.map((e) => `${JSON.stringify(e.value)} (line ${e.line})`).join(' and ');
    return new InputFileError(
      this.file ?? '<text>',
      `InvoiceDate: the day/month order cannot be told from the data: no slash date has a field over 12 (e.g. ${ex}); ` +
        `pass --date-format mdy (month/day/year, as the UCI export) or --date-format dmy (day/month/year) (library: dateOrder)`,
    );
  }
}
