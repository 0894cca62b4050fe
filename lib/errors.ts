/**
 * Typed errors thrown at the library's boundaries. Every message names the offending
 * file, line, column or value so that a user can fix the input without reading code.
 */

/** Details carried by a {@link DataError}; every field is optional. */
export interface DataErrorDetails {
  /** File the bad value came from. */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** Column or option name. */
  column?: string;
  /** The offending value, as read. */
  value?: unknown;
}

/** Bad input data or a bad argument value: `invalid ${name}: ${value}` plus where it was found. */
export class DataError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: unknown;

  constructor(message: string, details: DataErrorDetails = {}) {
    const where = [
      details.file !== undefined ? details.file : undefined,
      details.line !== undefined ? `line ${details.line}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join(':');
    super(where ? `${where}: ${message}` : message);
    this.name = 'DataError';
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.value = details.value;
  }
}

/** A file that is missing, unreadable or not in the expected format. */
export class InputFileError extends Error {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'InputFileError';
    this.file = file;
  }
}

/** Throws `invalid ${name}: ${value}` unless `ok`. */
export function check(ok: boolean, name: string, value: unknown, hint?: string): asserts ok {
  if (!ok)
    throw new DataError(`invalid ${name}: ${JSON.stringify(value)}${hint ? ` (${hint})` : ''}`, {
      column: name,
      value,
    });
}
