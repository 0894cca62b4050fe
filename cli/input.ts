/**
 * FILE arguments that are not regular files: `-` reads standard input (as Unix tools do), and a pipe (FIFO) or
 * device is read the same way. The library reads regular files only (it reads by byte ranges, for workers and
 * gzip detection), so the stream is first copied, with bounded memory, to a private temporary file that is
 * removed afterwards; messages name `-` (standard input) or the pipe, never the temporary file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputFileError } from '../lib/errors';

function isStream(file: string): boolean {
  if (file === '-') return true;
  try {
    const stat = fs.statSync(file);
    return stat.isFIFO() || stat.isCharacterDevice() || stat.isSocket();
  } catch {
    return false; // missing files get the library's own message
  }
}

/**
 * Runs `work` on a regular file holding the input: `file` itself, or, for `-` / a pipe / a device, a temporary
 * copy of the stream. `work` also gets the input's name to record (`file` as given: `-` for standard input,
 * never the temporary copy). Errors that name the temporary copy are renamed to name the input.
 *
 * @example
 * await withInputFile('-', (file) => analyzeBehavior(file)) // reads standard input
 */
export async function withInputFile<T>(
  file: string,
  work: (file: string, source: string) => Promise<T>,
): Promise<T> {
  if (!isStream(file)) return work(file, file);
  const label = file === '-' ? '- (standard input)' : file;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-input-'));
  const copy = path.join(dir, 'input');
  try {
    try {
      const source = file === '-' ? process.stdin : fs.createReadStream(file);
      await pipeline(source, fs.createWriteStream(copy, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      throw new InputFileError(label, `cannot read (${(error as Error).message})`);
    }
    try {
      return await work(copy, file);
    } catch (error) {
      if (error instanceof Error && error.message.includes(copy))
        error.message = error.message.split(copy).join(label);
      if (error instanceof InputFileError) Object.assign(error, { file: label });
      throw error;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
