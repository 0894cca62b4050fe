/**
 * Issue 8 item 5: the day/month order of slash dates is read from the data (a first field over 12 proves
 * D/M/Y, a second field over 12 proves M/D/Y); an ambiguous or mixed file is refused with a message naming the
 * column, two example values and the option that settles it. Never a silent guess.
 */
import { InputFileError } from '../../lib/errors';
import { parseRetail, parseRetailDate, retailCsvChunks, RetailParser } from '../../lib/retail';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (inv: number, date: string): string => `${inv},A,X,1,${date},2,17850.0,United Kingdom`;

describe('date order detection', () => {
  test('a first field over 12 proves D/M/Y: the earlier ambiguous dates are read day-first too', () => {
    const text = [
      HEADER,
      line(1, '01/12/2010 08:26'),
      line(2, '5/12/2010 9:00'),
      line(3, '13/12/2010 10:00'),
    ].join('\n');
    const r = parseRetail(text);
    expect(r.dateOrder).toBe('dmy');
    expect([...r.table.invoiceDate].map((t) => new Date(t).toISOString())).toEqual([
      '2010-12-01T08:26:00.000Z',
      '2010-12-05T09:00:00.000Z',
      '2010-12-13T10:00:00.000Z',
    ]);
    // Same result whatever the chunking (the swap happens when the proof arrives).
    const p = new RetailParser(null);
    for (let i = 0; i < text.length; i += 5) p.pushText(text.slice(i, i + 5));
    expect([...p.finish().table.invoiceDate]).toEqual([...r.table.invoiceDate]);
  });

  test('a second field over 12 proves M/D/Y (the UCI export)', () => {
    const r = parseRetail([HEADER, line(1, '12/1/2010 8:26'), line(2, '12/13/2010 8:26')].join('\n'));
    expect(r.dateOrder).toBe('mdy');
    expect(new Date(r.table.invoiceDate[0]!).toISOString()).toBe('2010-12-01T08:26:00.000Z');
  });

  test('a D/M/Y copy of a generated M/D/Y log gives the same dates as the original', () => {
    const text = [...retailCsvChunks({ rows: 20_000, seed: 3 })].join('');
    const dmy = text.replace(/,(\d{1,2})\/(\d{1,2})\/(\d{4}) /g, (_m, mo, d, y) => `,${d}/${mo}/${y} `);
    expect(dmy).not.toBe(text);
    const a = parseRetail(text);
    const b = parseRetail(dmy);
    expect(a.dateOrder).toBe('mdy');
    expect(b.dateOrder).toBe('dmy');
    expect(b.rows).toBe(a.rows);
    expect(b.rows).toBe(20_000);
    expect([...b.table.invoiceDate]).toEqual([...a.table.invoiceDate]);
  });

  test('an ambiguous file is refused naming the column, two example values and --date-format', () => {
    const text = [
      HEADER,
      line(1, '01/12/2010 08:26'),
      line(2, '02/12/2010 09:00'),
      line(3, '02/12/2010 09:00'),
    ].join('\n');
    expect(() => parseRetail(text, {}, 'dmy.csv')).toThrow(InputFileError);
    expect(() => parseRetail(text, {}, 'dmy.csv')).toThrow(
      /^dmy\.csv: InvoiceDate: the day\/month order cannot be told .*"01\/12\/2010 08:26" \(line 2\).*"02\/12\/2010 09:00" \(line 3\).*--date-format mdy.*--date-format dmy/,
    );
    // The option settles it, both ways.
    expect(new Date(parseRetail(text, { dateOrder: 'dmy' }).table.invoiceDate[0]!).toISOString()).toBe(
      '2010-12-01T08:26:00.000Z',
    );
    expect(new Date(parseRetail(text, { dateOrder: 'mdy' }).table.invoiceDate[0]!).toISOString()).toBe(
      '2010-01-12T08:26:00.000Z',
    );
    expect(parseRetail(text, { dateOrder: 'dmy' }).dateOrder).toBe('dmy');
  });

  test('a mixed file is refused naming both proofs; with --date-format the misfits are badDate rejects', () => {
    const text = [
      HEADER,
      line(1, '13/1/2011 9:00'),
      line(2, '1/2/2011 9:00'),
      line(3, '1/13/2011 9:00'),
    ].join('\n');
    expect(() => parseRetail(text, {}, 'mixed.csv')).toThrow(
      /^mixed\.csv: InvoiceDate mixes day-first and month-first dates: "13\/1\/2011 9:00" \(line 2\) is day\/month, "1\/13\/2011 9:00" \(line 4\) is month\/day.*--date-format/,
    );
    const r = parseRetail(text, { dateOrder: 'mdy' });
    expect(r.rows).toBe(2);
    expect(r.rejectedByReason.badDate).toBe(1);
    expect(r.rejectSamples[0]).toMatchObject({ line: 2, reason: 'badDate', column: 'InvoiceDate' });
  });

  test('ISO dates need no order; dates invalid in both orders stay badDate rejects', () => {
    const r = parseRetail([HEADER, line(1, '2010-12-01 08:26:00'), line(2, '31/31/2010 8:00')].join('\n'));
    expect(r.rows).toBe(1);
    expect(r.rejectedByReason.badDate).toBe(1);
    expect(r.dateOrder).toBeNull();
  });

  test('a bad dateOrder option is a DataError', () => {
    expect(() => parseRetail(HEADER, { dateOrder: 'ymd' as never })).toThrow(/invalid dateOrder: "ymd"/);
  });

  test('parseRetailDate takes the order', () => {
    expect(parseRetailDate('1/12/2010 8:26', 'dmy')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseRetailDate('1/12/2010 8:26')).toBe(Date.UTC(2010, 0, 12, 8, 26));
  });
});
