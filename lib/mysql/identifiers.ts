/**
 * SQL identifiers (database and table names) for the MySQL backend. Names are never interpolated
 * into SQL unless they match a strict pattern, and then always back-quoted: no SQL injection through
 * names, whatever the server's `sql_mode`.
 */
import { DataError } from '../errors';

/** Letters, digits and `_`, not starting with a digit, 1..64 characters (MySQL's identifier limit). */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Longest table name `loadBehaviorIntoMySQL` accepts, so that `<table>__stage` still fits in 64 characters. */
export const MAX_LOAD_TABLE_LENGTH = 57;

/**
 * Checks that `name` is a plain identifier and returns it unchanged.
 *
 * Method: one anchored regular expression, {@link IDENTIFIER_PATTERN}; quotes, dots, spaces,
 * back-ticks, non-ASCII letters and empty names are all refused. O(length).
 *
 * @param name the identifier as given by the user
 * @param kind what it names, used in the message (`table`, `database`)
 * @param maxLength optional tighter length limit
 * @throws {DataError} `invalid table: "a`b"` (the value is JSON-quoted so that odd characters are visible)
 * @example
 * validateIdentifier('user_behavior', 'table'); // => 'user_behavior'
 * validateIdentifier('a`b', 'table');
 * // => throws DataError: invalid table: "a`b" (letters, digits and _ only, not starting with a digit, at most 64 characters)
 */
export function validateIdentifier(name: unknown, kind: string, maxLength = 64): string {
  if (typeof name !== 'string' || !IDENTIFIER_PATTERN.test(name) || name.length > maxLength) {
    const plain = typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
    const limit =
      maxLength < 64
        ? `at most ${maxLength} characters: the loader appends __stage, and MySQL names have at most 64`
        : `at most ${maxLength} characters`;
    const rule = plain
      ? `${limit}; it has ${name.length}`
      : `letters, digits and _ only, not starting with a digit, ${limit}`;
    throw new DataError(`invalid ${kind}: ${JSON.stringify(name)} (${rule})`, { column: kind, value: name });
  }
  return name;
}

/**
 * Validates `name` with {@link validateIdentifier} and back-quotes it for SQL.
 *
 * @throws {DataError} when the name is not a plain identifier
 * @example
 * quoteIdentifier('user_behavior', 'table'); // => '`user_behavior`'
 */
export function quoteIdentifier(name: string, kind = 'identifier'): string {
  return `\`${validateIdentifier(name, kind)}\``;
}
