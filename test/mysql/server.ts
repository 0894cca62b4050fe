/**
 * Shared helpers of the MySQL tests: the server URL (ECOMLAB_MYSQL_URL, default the local MariaDB),
 * a connection that FAILS with instructions when no server answers (never a silent skip), and
 * per-file table prefixes so that parallel jest workers never share a table.
 */
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { parseMysqlUrl, redactUrl } from '../../lib/mysql';

export const MYSQL_URL = process.env.ECOMLAB_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** Opens a connection to the test server, or throws an error saying how to start one. */
export async function connectOrExplain(): Promise<Connection> {
  const parts = parseMysqlUrl(MYSQL_URL);
  try {
    return await createConnection({ ...parts, connectTimeout: 5000 });
  } catch (error) {
    throw new Error(
      `The MySQL tests need a MySQL/MariaDB server at ${redactUrl(MYSQL_URL)} (${(error as Error).message}). ` +
        'Start the local one with `bash scripts/start-mariadb.sh` (installs nothing; `bash scripts/setup.sh` ' +
        'installs mariadb-server on Debian), or point ECOMLAB_MYSQL_URL at another server.',
    );
  }
}

/** A table-name prefix unique to this test file and process, e.g. `t_fault_12345_`. */
export function tablePrefix(tag: string): string {
  return `t_${tag}_${process.pid}_`;
}

/** Drops every table of the test database whose name starts with `prefix`, and their metadata rows. */
export async function dropTablesWithPrefix(connection: Connection, prefix: string): Promise<void> {
  const [tables] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ?',
    [`${prefix.replace(/_/g, '\\_')}%`],
  );
  for (const row of tables) await connection.query(`DROP TABLE IF EXISTS \`${String(row.name)}\``);
  const [meta] = await connection.query<RowDataPacket[]>(
    "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ecomlab_load_meta'",
  );
  if (meta.length > 0) {
    await connection.query('DELETE FROM ecomlab_load_meta WHERE table_name LIKE ?', [
      `${prefix.replace(/_/g, '\\_')}%`,
    ]);
  }
}

/** Names of the tables starting with `prefix`, sorted. */
export async function tablesWithPrefix(connection: Connection, prefix: string): Promise<string[]> {
  const [tables] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ? ORDER BY 1',
    [`${prefix.replace(/_/g, '\\_')}%`],
  );
  return tables.map((row) => String(row.name));
}

/** `url` with its password replaced by `password` (to provoke an authentication failure). */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}
