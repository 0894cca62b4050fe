/**
 * The rejects file: every rejected line of a read as `line<TAB>reason<TAB>text`, written atomically.
 */
import * as fs from 'node:fs';
import { InputFileError } from '../errors';
import { AtomicFile } from './atomic-output';
import type { RejectLineCallback } from './behavior-parser';

/**
 * Writes every rejected line to a file as `line<TAB>reason<TAB>text` (text = the raw line bytes without
 * terminator), after a header line `line\treason\ttext`. Buffered (1 MiB) into a unique temporary file beside
 * the target ({@link AtomicFile}); {@link RejectsWriter.close} renames it into place, {@link RejectsWriter.discard}
 * drops it, so the target is never a half file and never an input (device + inode check against `inputs`).
 * Complexity O(bytes written).
 *
 * @example
 * const writer = new RejectsWriter('rejects.tsv');
 * writer.write(7, 'blank', Buffer.from(''), 0, 0);
 * writer.close();
 * readFileSync('rejects.tsv', 'utf8'); // => 'line\treason\ttext\n7\tblank\t\n'
 */
export class RejectsWriter {
  private readonly file: AtomicFile;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineOffset: number;
  readonly path: string;

  /** @throws {DataError} when `path` is one of `inputs`; {@link InputFileError} when it cannot be created. */
  constructor(
    path: string,
    {
      header = true,
      lineOffset = 0,
      inputs = [],
    }: { header?: boolean; lineOffset?: number; inputs?: readonly string[] } = {},
  ) {
    this.path = path;
    this.lineOffset = lineOffset;
    try {
      this.file = new AtomicFile(path, { inputs, option: 'rejectsPath' });
    } catch (error) {
      if (error instanceof InputFileError)
        throw new InputFileError(path, `cannot write rejects file (${(error as Error).message})`);
      throw error;
    }
    if (header) this.push(Buffer.from('line\treason\ttext\n'));
  }

  private push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    this.file.write(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** A {@link RejectLineCallback} writing to this file. */
  readonly write: RejectLineCallback = (line, reason, buf, start, end) => {
    this.push(Buffer.from(`${line + this.lineOffset}\t${reason}\t`));
    this.push(Buffer.from(buf.subarray(start, end)));
    this.push(Buffer.from('\n'));
  };

  /** Appends another rejects file written without header, shifting its line numbers by `lineOffset`. */
  appendShifted(partPath: string, lineOffset: number): void {
    const data = fs.readFileSync(partPath);
    let pos = 0;
    while (pos < data.length) {
      let newline = data.indexOf(10, pos);
      if (newline < 0) newline = data.length;
      const tab = data.indexOf(9, pos);
      const local = Number(data.toString('latin1', pos, tab));
      this.push(Buffer.from(String(local + lineOffset)));
      this.push(Buffer.from(data.subarray(tab, newline + 1)));
      pos = newline + 1;
    }
  }

  /** Writes what is buffered and renames the complete file onto its path. */
  close(): void {
    try {
      this.flush();
    } catch (error) {
      this.file.abort();
      throw error;
    }
    this.file.commit();
  }

  /** Drops the temporary file (the run failed): the path keeps its previous content. */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.file.abort();
  }
}
