/**
 * File access for the UserBehavior reader: probing (missing file, directory, compression by magic bytes) and
 * line-aligned byte ranges for workers.
 */
import * as fs from 'node:fs';
import { check, InputFileError } from '../errors';

/** What {@link probeBehaviorFile} found out about a file. */
export interface BehaviorFileInfo {
  file: string;
  /** Size on disk in bytes (compressed size for gzip). */
  size: number;
  /** Detected from the first bytes (magic number), not from the name. */
  compression: 'none' | 'gzip';
}

/** The reason a file cannot be read, in words (`no such file`, `permission denied`, ...). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read file (${(error as Error).message})`;
}

/**
 * Checks that `file` exists, is a readable regular file and is plain text or gzip (by magic bytes).
 * Complexity O(1).
 *
 * @throws {InputFileError} `data.csv: no such file`, `x: is a directory, not a file`,
 *   `x.zip: is a zip archive; unpack it first (plain or .gz files only)`.
 * @example
 * (await probeBehaviorFile('data/taobao/UserBehavior_head_4321rows.csv')).compression // => 'none'
 */
export async function probeBehaviorFile(file: string): Promise<BehaviorFileInfo> {
  let handle: fs.promises.FileHandle;
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (!stat.isFile()) {
      // Pipes, sockets and devices cannot be read by byte ranges (ESPIPE: invalid seek): say so up front.
      const kind = stat.isFIFO() ? 'a pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device';
      throw new InputFileError(
        file,
        `is ${kind}, not a regular file; save it to a file first (the command line reads standard input ` +
          'when FILE is -)',
      );
    }
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(file, describeFsError(error));
  }
  try {
    const stat = await handle.stat();
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    const magic = head.subarray(0, bytesRead);
    const starts = (...bytes: number[]) => bytes.every((byte, i) => magic[i] === byte);
    if (starts(0x1f, 0x8b)) return { file, size: stat.size, compression: 'gzip' };
    const other = starts(0x50, 0x4b, 0x03, 0x04)
      ? 'a zip archive'
      : starts(0x42, 0x5a, 0x68)
        ? 'a bzip2 file'
        : starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)
          ? 'an xz file'
          : starts(0x28, 0xb5, 0x2f, 0xfd)
            ? 'a zstd file'
            : undefined;
    if (other) throw new InputFileError(file, `is ${other}; unpack it first (plain or .gz files only)`);
    return { file, size: stat.size, compression: 'none' };
  } finally {
    await handle.close();
  }
}

/**
 * Splits a plain file into at most `parts` byte ranges `[start, end)` that begin at line starts, so that
 * every line lies in exactly one range. Empty ranges are dropped. Complexity O(parts) small reads.
 *
 * @example
 * await splitBehaviorRanges('data/taobao/UserBehavior_head_4321rows.csv', 2) // => [[0, 80955], [80955, 161867]]
 */
export async function splitBehaviorRanges(file: string, parts: number): Promise<Array<[number, number]>> {
  check(Number.isInteger(parts) && parts >= 1, 'parts', parts);
  const size = (await fs.promises.stat(file)).size;
  const bounds = [0];
  const handle = await fs.promises.open(file, 'r');
  try {
    const probe = Buffer.allocUnsafe(1 << 16);
    for (let i = 1; i < parts; i++) {
      let at = Math.max(Math.floor((size * i) / parts) - 1, bounds[bounds.length - 1]!);
      let boundary = size;
      while (at < size) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline >= 0) {
          boundary = at + newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (boundary > bounds[bounds.length - 1]!) bounds.push(boundary);
    }
  } finally {
    await handle.close();
  }
  if (bounds[bounds.length - 1]! < size) bounds.push(size);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < bounds.length; i++) ranges.push([bounds[i]!, bounds[i + 1]!]);
  return ranges;
}
