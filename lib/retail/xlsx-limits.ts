/**
 * Size limits of `.xlsx` input, checked from the zip's central directory before anything is inflated, so a
 * workbook whose parts would not fit in memory (or a single 1 GiB cell, which no JavaScript string can hold)
 * is refused with a message instead of a `RangeError` or an out-of-memory crash.
 */
import * as fs from 'node:fs';
import { InputFileError } from '../errors';

/**
 * Largest inflated size of one part of the workbook (a worksheet or the shared strings), in bytes: 500 MiB.
 * Below V8's longest string (2^29 − 24 characters), so any one cell of an accepted part fits in a string.
 * @example
 * XLSX_MAX_PART_BYTES; // => 524288000
 */
export const XLSX_MAX_PART_BYTES = 500 * 2 ** 20;

/**
 * Largest inflated size of the whole workbook (all parts), in bytes: 1 GiB. The UCI workbook (541,909 rows)
 * inflates to about 0.1 GiB; an Excel sheet holds at most 1,048,576 rows.
 * @example
 * XLSX_MAX_INFLATED_BYTES; // => 1073741824
 */
export const XLSX_MAX_INFLATED_BYTES = 2 ** 30;

/** One entry of a zip's central directory. */
export interface ZipEntrySize {
  name: string;
  compressed: number;
  /** Declared inflated size; `Infinity` for a ZIP64 entry (size field 0xFFFFFFFF). */
  inflated: number;
}

/**
 * The entries of a zip file from its central directory (no data is inflated), or `null` when the file is not
 * a zip (no end-of-central-directory record).
 *
 * Complexity: O(entries) plus one read of at most 64 KiB + 22 bytes from the end.
 * @param file Path of the zip.
 * @example
 * zipEntrySizes('data/online-retail/online_retail_2010-12.csv'); // => null (not a zip)
 */
export function zipEntrySizes(file: string): ZipEntrySize[] | null {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tailLength = Math.min(size, 65_535 + 22);
    const tail = Buffer.alloc(tailLength);
    fs.readSync(fd, tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff || dirOffset + dirSize > size)
      return [{ name: '(ZIP64 directory)', compressed: size, inflated: Infinity }];
    const dir = Buffer.alloc(dirSize);
    fs.readSync(fd, dir, 0, dirSize, dirOffset);
    const entries: ZipEntrySize[] = [];
    let at = 0;
    while (at + 46 <= dirSize && dir.readUInt32LE(at) === 0x02014b50) {
      const compressed = dir.readUInt32LE(at + 20);
      const inflated = dir.readUInt32LE(at + 24);
      const nameLength = dir.readUInt16LE(at + 28);
      const extraLength = dir.readUInt16LE(at + 30);
      const commentLength = dir.readUInt16LE(at + 32);
      const name = dir.toString('utf8', at + 46, at + 46 + nameLength);
      entries.push({ name, compressed, inflated: inflated === 0xffffffff ? Infinity : inflated });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Refuses an `.xlsx` whose declared inflated sizes exceed {@link XLSX_MAX_PART_BYTES} for one part or
 * {@link XLSX_MAX_INFLATED_BYTES} in total, before anything is inflated. A file that is not a zip passes (the
 * xlsx reader then reports it as unreadable).
 *
 * Complexity: O(entries).
 * @param file Path of the workbook.
 * @throws InputFileError `book.xlsx: too large to load: part xl/sharedStrings.xml inflates to 1,073,741,824
 *   bytes (limit 524,288,000 per part …)`.
 * @example
 * checkXlsxSize('data/online-retail/online_retail_2010-12.csv'); // => undefined (not a zip: passes)
 */
export function checkXlsxSize(file: string): void {
  const entries = zipEntrySizes(file);
  if (entries === null) return;
  const fmt = (n: number): string =>
    Number.isFinite(n) ? n.toLocaleString('en-US') : '4 GiB or more (ZIP64)';
  let total = 0;
  for (const e of entries) {
    total += e.inflated;
    if (e.inflated > XLSX_MAX_PART_BYTES)
      throw new InputFileError(
        file,
        `too large to load as .xlsx: part ${e.name} inflates to ${fmt(e.inflated)} bytes (limit ${fmt(XLSX_MAX_PART_BYTES)} bytes per part, ` +
          `${fmt(XLSX_MAX_INFLATED_BYTES)} in all; checked before inflating); export the sheet as CSV (streamed, no size limit)`,
      );
  }
  if (total > XLSX_MAX_INFLATED_BYTES)
    throw new InputFileError(
      file,
      `too large to load as .xlsx: inflates to ${fmt(total)} bytes in all (limit ${fmt(XLSX_MAX_INFLATED_BYTES)} bytes; checked before ` +
        'inflating); export the sheet as CSV (streamed, no size limit)',
    );
}
