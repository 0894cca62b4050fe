/**
 * Output files that can never clobber an input nor be left half-written: every writer of ecomlab (rejects
 * files, report JSON, dashboard, images, HTML exports, CSV hand-offs, generated data) goes through this
 * module.
 *
 * Rules: (1) an output whose resolved path is the same file as an input (same device and inode, so also
 * through a symbolic or hard link) is refused before anything is written, naming both paths; (2) the bytes go
 * to a temporary file with a name unique to this process and call (`.<name>.<pid>-<random>.tmp`) in the
 * target's own folder, and are renamed onto the target only when complete. A rename inside one folder is
 * atomic, so a reader (or a second run writing the same path) sees either the old file or one run's
 * complete new file, never a mix; a failed or killed run leaves at most its own `.tmp` file behind.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable, Transform } from 'node:stream';
import { DataError, InputFileError } from '../errors';
import { checkOptionsObject, checkStringOption } from '../options';

/** Options shared by the atomic writers. */
export interface AtomicOutputOptions {
  /** Input files this output must not be (checked by device + inode). Default none. */
  inputs?: readonly string[];
  /** Option name used in messages, e.g. `rejectsPath` or `--rejects`. Default `output`. */
  option?: string;
}

function identity(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file); // follows symbolic links: the identity of what the path resolves to
  } catch {
    return undefined;
  }
}

/**
 * True when `a` and `b` resolve to the same file (same device and inode: the same path, a symbolic link or a
 * hard link). False when either does not exist.
 *
 * @example
 * sameFile('data/taobao/UserBehavior_head_4321rows.csv', './data/taobao/UserBehavior_head_4321rows.csv') // => true
 * sameFile('data/none.csv', 'data/none.csv') // => false (does not exist)
 */
export function sameFile(a: string, b: string): boolean {
  const sa = identity(a);
  const sb = identity(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/**
 * Refuses an output path that is one of the inputs (by device + inode, so through links too), or a folder.
 *
 * @throws {DataError} `invalid rejectsPath: "r.tsv" is the input file "data.csv" (same file: device 2049,
 *   inode 1234); choose another path`.
 * @example
 * assertOutputNotInput('rejects.tsv', ['data.csv'], 'rejectsPath') // => undefined (or throws)
 */
export function assertOutputNotInput(
  output: string,
  inputs: readonly string[] = [],
  option = 'output',
): void {
  checkStringOption('option', option);
  if (!Array.isArray(inputs) || inputs.some((input) => typeof input !== 'string' || input === ''))
    throw new DataError(
      `invalid inputs: ${JSON.stringify(inputs) ?? String(inputs)} (expected an array of file paths)`,
      {
        column: 'inputs',
        value: inputs,
      },
    );
  if (typeof output !== 'string' || output === '')
    throw new DataError(`invalid ${option}: ${JSON.stringify(output)} (expected a file path)`, {
      column: option,
      value: output,
    });
  const out = identity(output);
  if (out?.isDirectory())
    throw new DataError(`invalid ${option}: ${JSON.stringify(output)} is a directory, not a file`, {
      column: option,
      value: output,
    });
  for (const input of inputs) {
    if (nodePath.resolve(input) === nodePath.resolve(output))
      throw new DataError(
        `invalid ${option}: ${JSON.stringify(output)} is the input file ${JSON.stringify(input)} (same path); ` +
          'writing it would destroy the input, choose another path',
        { column: option, value: output },
      );
  }
  if (out === undefined) return;
  for (const input of inputs) {
    const inp = identity(input);
    if (inp !== undefined && inp.dev === out.dev && inp.ino === out.ino)
      throw new DataError(
        `invalid ${option}: ${JSON.stringify(output)} is the input file ${JSON.stringify(input)} ` +
          `(same file: device ${out.dev}, inode ${out.ino}); writing it would destroy the input, choose another path`,
        { column: option, value: output },
      );
  }
}

/**
 * A fresh temporary path beside `target` (same folder, so the final rename is atomic), unique per process and
 * call: `dir/.name.<pid>-<16 hex>.tmp`.
 *
 * @example
 * tempPathFor('out/report.json'); // e.g. 'out/.report.json.4242-9f1c2a7b3d4e5f60.tmp'
 * /^out\/\.report\.json\.\d+-[0-9a-f]{16}\.tmp$/.test(tempPathFor('out/report.json')) // => true
 */
export function tempPathFor(target: string): string {
  const dir = nodePath.dirname(target);
  const base = nodePath.basename(target);
  return nodePath.join(dir, `.${base}.${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
}

function writeError(target: string, error: unknown): InputFileError {
  return new InputFileError(target, `cannot write output (${(error as Error).message})`);
}

/**
 * An output file written through a unique temporary file and renamed onto `target` by {@link commit}.
 * {@link abort} removes the temporary file (the target keeps its old content, or stays absent).
 *
 * @example
 * const out = new AtomicFile('rejects.tsv', { inputs: ['data.csv'] });
 * out.write(Buffer.from('line\treason\ttext\n'));
 * out.commit(); // rejects.tsv now holds exactly these bytes
 * readFileSync('rejects.tsv', 'utf8') // => 'line\treason\ttext\n'
 */
export class AtomicFile {
  readonly target: string;
  readonly tempPath: string;
  private fd: number | undefined;

  /** @throws {DataError} when `target` is an input or a folder; {@link InputFileError} when it cannot be created. */
  constructor(target: string, options: AtomicOutputOptions = {}) {
    const { inputs = [], option = 'output' } = checkOptionsObject(options);
    assertOutputNotInput(target, inputs, option);
    this.target = target;
    this.tempPath = tempPathFor(target);
    try {
      this.fd = fs.openSync(this.tempPath, 'wx', 0o666);
    } catch (error) {
      throw writeError(target, error);
    }
  }

  /** Appends bytes. */
  write(bytes: Uint8Array | string): void {
    if (this.fd === undefined) throw new Error(`AtomicFile ${this.target}: already closed`);
    try {
      fs.writeSync(this.fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    } catch (error) {
      this.abort();
      throw writeError(this.target, error);
    }
  }

  /** Flushes to disk and renames the temporary file onto the target. */
  commit(): void {
    if (this.fd === undefined) throw new Error(`AtomicFile ${this.target}: already closed`);
    const fd = this.fd;
    this.fd = undefined;
    try {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(this.tempPath, this.target);
    } catch (error) {
      fs.rmSync(this.tempPath, { force: true });
      throw writeError(this.target, error);
    }
  }

  /** Drops the temporary file; the target is untouched. Safe to call more than once. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    fs.rmSync(this.tempPath, { force: true });
  }
}

/**
 * Writes `data` to `target` atomically (unique temporary file in the target's folder, then rename).
 *
 * @throws {DataError} when `target` is one of `inputs` (device + inode) or a folder.
 * @example
 * writeFileAtomic('report.json', '{}\n', { inputs: ['data.csv'] });
 * readFileSync('report.json', 'utf8') // => '{}\n'
 */
export function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicOutputOptions = {},
): void {
  const out = new AtomicFile(target, options);
  out.write(data);
  out.commit();
}

/**
 * Pipes `source` (through optional `transforms`, e.g. gzip) into `target` atomically: the target appears
 * only when the whole stream was written; on any error the temporary file is removed.
 *
 * @example
 * await pipeToFileAtomic(Readable.from(['a\n']), 'out.csv');
 * readFileSync('out.csv', 'utf8') // => 'a\n'
 */
export async function pipeToFileAtomic(
  source: Readable | AsyncIterable<unknown>,
  target: string,
  transforms: Transform[] = [],
  options: AtomicOutputOptions = {},
): Promise<void> {
  const { inputs, option } = checkOptionsObject(options);
  assertOutputNotInput(target, inputs, option);
  if (!Array.isArray(transforms))
    throw new DataError(`invalid transforms: ${String(transforms)} (expected an array of streams)`, {
      column: 'transforms',
    });
  const temp = tempPathFor(target);
  const sink = fs.createWriteStream(temp, { flags: 'wx' });
  const closed = new Promise<void>((resolve) => sink.once('close', () => resolve()));
  try {
    const streams: NodeJS.ReadWriteStream[] = [
      source as unknown as NodeJS.ReadWriteStream,
      ...transforms,
      sink as unknown as NodeJS.ReadWriteStream,
    ];
    await pipeline(streams);
    await closed;
    fs.renameSync(temp, target);
  } catch (error) {
    // The sink may still be opening its file when the source fails: wait for it, then remove the file.
    sink.destroy();
    await closed;
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
