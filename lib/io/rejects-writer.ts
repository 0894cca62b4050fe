/**
 * The rejects file: every rejected line of a read as `line<TAB>reason<TAB>text`.
 */
import * as fs from 'node:fs';
import { InputFileError } from '../errors';
import type { RejectLineCallback } from './behavior-parser';

/**
 * Writes every rejected line to a file as `line<TAB>reason<TAB>text` (text = the raw line bytes without
 * terminator), after a header line `line\treason\ttext`. Buffered (1 MiB); call {@link RejectsWriter.close}.
 * Complexity O(bytes written).
 *
 * @example
 * const writer = new RejectsWriter('rejects.tsv');
 * writer.write(7, 'blank', Buffer.from(''), 0, 0);
 * writer.close(); // rejects.tsv => "line\treason\ttext\n7\tblank\t\n"
 */
export class RejectsWriter {
  private readonly fd: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineOffset: number;
  readonly path: string;

  /** @throws {InputFileError} when the file cannot be created. */
  constructor(
    path: string,
    { header = true, lineOffset = 0 }: { header?: boolean; lineOffset?: number } = {},
  ) {
    this.path = path;
    this.lineOffset = lineOffset;
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (error) {
      throw new InputFileError(path, `cannot write rejects file (${(error as Error).message})`);
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
    fs.writeSync(this.fd, Buffer.concat(this.pending, this.pendingBytes));
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

  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }
}
