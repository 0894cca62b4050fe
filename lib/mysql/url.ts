/**
 * `mysql://user:password@host:port/database` URLs: parsing into mysql2 options and redaction of the
 * password for every message a user can see (errors, logs, progress).
 */
import { DataError } from '../errors';
import { validateIdentifier } from './identifiers';

/** Connection settings parsed from a URL. */
export interface MySqlUrlParts {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/**
 * Replaces the password of a `mysql://` URL with `***`, keeping everything else.
 *
 * Method: WHATWG URL parsing; when the text does not parse, everything between `//user:` and the
 * last `@` is masked. O(length).
 *
 * @example
 * redactUrl('mysql://root:secret@db.example:3306/shop'); // => 'mysql://root:***@db.example:3306/shop'
 * redactUrl('mysql://root@127.0.0.1/test'); // => 'mysql://root@127.0.0.1/test'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Greedy up to the LAST '@': a password may itself contain '@' when the URL does not parse.
    return url.replace(/(\/\/[^:/@]*:)[\s\S]*@/, '$1***@');
  }
}

/**
 * Parses `mysql://user[:password]@host[:port]/database` (also `mariadb://`). User and password are
 * percent-decoded. The database name must be a plain identifier.
 *
 * @throws {DataError} `invalid mysql url: "mysql://root:***@h"` (redacted) when it does not parse, has
 *   another scheme or no database; `invalid database: ...` for a bad database name
 * @example
 * parseMysqlUrl('mysql://root@127.0.0.1:3306/test');
 * // => { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' }
 */
export function parseMysqlUrl(url: string): MySqlUrlParts {
  let parsed: URL;
  const bad = (why: string): DataError =>
    new DataError(`invalid mysql url: ${JSON.stringify(redactUrl(String(url)))} (${why})`, {
      column: 'url',
      value: redactUrl(String(url)),
    });
  try {
    parsed = new URL(url);
  } catch {
    throw bad('expected mysql://user:password@host:port/database');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') throw bad('scheme must be mysql://');
  if (parsed.hostname === '') throw bad('no host');
  let database: string;
  try {
    database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  } catch {
    throw bad('malformed percent-escape in the database name');
  }
  if (database === '') throw bad('no database; add /<database> after the host');
  validateIdentifier(database, 'database');
  const port = parsed.port === '' ? 3306 : Number(parsed.port);
  // decodeURIComponent throws a bare "URI malformed" on a stray '%': say which part, never show the password.
  const decode = (text: string, part: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw bad(`malformed percent-escape in the ${part}; write a literal % as %25`);
    }
  };
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decode(parsed.username || 'root', 'user name'),
    password: decode(parsed.password, 'password'),
    database,
  };
}
