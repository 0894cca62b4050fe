/**
 * Connections for the MySQL backend: open one from a URL (and close it afterwards) or borrow the
 * caller's `mysql2/promise` connection (left open). Every error leaving this area goes through
 * {@link databaseError}, which names the redacted target and never contains the password.
 */
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { DataError, InputFileError } from '../errors';
import { parseMysqlUrl, redactUrl } from './url';

/**
 * Where to connect: a `mysql://` URL (the library opens and closes the connection) or an open connection.
 * @example
 * const target: MySqlTarget = { url: 'mysql://root@127.0.0.1:3306/test' };
 * (await analyzeBehaviorSql(target, 'ub_head')).overview.rows; // => 4320
 */
export type MySqlTarget =
  { url: string; connection?: undefined } | { connection: Connection; url?: undefined };

/**
 * A server-side or connection failure; `code`/`errno` are the server's (e.g. `ER_ACCESS_DENIED_ERROR`, 1045).
 * Its message names the redacted target and never contains the password.
 * @example
 * const error = databaseError(new Error('Access denied'), 'mysql://root:***@127.0.0.1:3306/test');
 * [error.name, error.message]; // => ['DatabaseError', 'mysql://root:***@127.0.0.1:3306/test: Access denied']
 */
export class DatabaseError extends DataError {
  readonly code?: string;
  readonly errno?: number;
  constructor(message: string, details: { code?: string; errno?: number; value?: unknown } = {}) {
    super(message, { value: details.value });
    this.name = 'DatabaseError';
    this.code = details.code;
    this.errno = details.errno;
  }
}

/** An open connection plus what is needed to describe it safely. @internal */
export interface OpenedConnection {
  connection: Connection;
  /** Redacted description: `mysql://root:***@host:3306/db`. */
  label: string;
  /** True when this library opened it (and must close it). */
  owned: boolean;
  /** Secrets to scrub from any message. */
  secrets: string[];
}

/**
 * Wraps any error in a {@link DatabaseError} whose message is `<label>: <message>` with every secret
 * replaced by `***`. Errors that already are `DataError`s keep their class but are scrubbed too.
 *
 * @example
 * databaseError(new Error('boom pw1'), 'mysql://u:***@h/db', ['pw1']).message; // => 'mysql://u:***@h/db: boom ***'
 */
export function databaseError(error: unknown, label: string, secrets: string[] = []): Error {
  const scrub = (text: string): string =>
    secrets
      .filter((secret) => secret.length > 0)
      .reduce((acc, secret) => acc.split(secret).join('***'), text);
  if (error instanceof InputFileError) return error;
  if (error instanceof DataError) {
    if (secrets.some((secret) => secret.length > 0 && error.message.includes(secret))) {
      return new DataError(scrub(error.message), { value: error.value });
    }
    return error;
  }
  const raw = error as { message?: unknown; code?: unknown; errno?: unknown };
  const message = typeof raw?.message === 'string' ? raw.message : String(error);
  return new DatabaseError(`${label}: ${scrub(message)}`, {
    code: typeof raw?.code === 'string' ? raw.code : undefined,
    errno: typeof raw?.errno === 'number' ? raw.errno : undefined,
  });
}

/**
 * Opens a connection from a {@link MySqlTarget}. For a URL the connection allows `LOAD DATA LOCAL`
 * (mysql2 always advertises the capability; the stream is supplied per query).
 *
 * @throws {DatabaseError} `cannot connect to mysql://root:***@127.0.0.1:3306/test: Access denied ...`
 * @internal
 */
export async function openConnection(target: MySqlTarget): Promise<OpenedConnection> {
  if (target.connection !== undefined) {
    const config = target.connection.config as {
      host?: string;
      port?: number;
      database?: string;
      password?: string;
    };
    const label = `mysql://${config.host ?? '?'}:${config.port ?? 3306}/${config.database ?? ''}`;
    return { connection: target.connection, label, owned: false, secrets: [config.password ?? ''] };
  }
  const parts = parseMysqlUrl(target.url);
  const label = redactUrl(target.url);
  try {
    const connection = await createConnection({
      host: parts.host,
      port: parts.port,
      user: parts.user,
      password: parts.password,
      database: parts.database,
      connectTimeout: 10000,
      multipleStatements: false,
      charset: 'utf8mb4',
    });
    return { connection, label, owned: true, secrets: [parts.password] };
  } catch (error) {
    const wrapped = databaseError(error, `cannot connect to ${label}`, [parts.password]);
    throw wrapped;
  }
}

/** Closes a connection this library opened; borrowed ones stay open. @internal */
export async function closeConnection(opened: OpenedConnection): Promise<void> {
  if (opened.owned) {
    await opened.connection.end().catch(() => opened.connection.destroy());
  }
}

/** Converts a COUNT/SUM cell (number, numeric string or bigint) to a safe integer. @internal */
export function toCount(value: unknown, what: string): number {
  const number =
    typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  if (value === null || value === undefined) return 0;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new DataError(
      `invalid ${what}: ${JSON.stringify(String(value))} (expected an integer from the server)`,
    );
  }
  return number;
}
