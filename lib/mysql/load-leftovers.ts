/**
 * The loader's leftover rules: what an interrupted earlier load of a table left behind (its `<table>__stage`
 * and `<table>__old` tables, metadata rows of loads that are not live), and when it may be dropped.
 * @internal
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { DataError } from '../errors';
import { readBehaviorLoadMeta } from './analyze-behavior-sql';
import { quoteIdentifier } from './identifiers';
import { META_TABLE, metaTableDdl } from './schema';

type Queryable = Pick<Connection, 'query'>;

/** True when `table` exists in the connection's database. */
export async function tableExists(connection: Queryable, table: string): Promise<boolean> {
  const [found] = await connection.query<RowDataPacket[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table],
  );
  return found.length > 0;
}

/**
 * Drops `name`, a leftover (`<table>__stage` / `<table>__old`) of an interrupted ecomlab load, when it exists.
 * Both kinds carry the `ecomlab load <id>` comment; a table without it is someone else's and is never dropped.
 * Returns true when a table was dropped.
 */
async function dropLeftover(connection: Queryable, name: string, table: string): Promise<boolean> {
  const [found] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [name],
  );
  if (found.length === 0) return false;
  if (!/^ecomlab load [0-9a-f]{32}$/.test(String(found[0]?.c ?? ''))) {
    throw new DataError(
      `invalid table: ${JSON.stringify(table)} (the loader needs the name ${name} for its staging/backup table, ` +
        'but a table of that name exists and was not created by ecomlab; rename it or choose another table)',
      { column: 'table', value: table },
    );
  }
  await connection.query(`DROP TABLE ${quoteIdentifier(name, 'table')}`);
  return true;
}

/**
 * Phase 1b: drops the leftovers of an interrupted earlier load of `table` (its staging and backup tables, and
 * metadata rows of loads that are not live). Refuses to replace a live table that ecomlab did not create.
 * Returns the names of the tables dropped.
 */
export async function cleanUpLeftovers(
  db: Queryable,
  table: string,
  stage: string,
  backup: string,
): Promise<string[]> {
  await db.query(metaTableDdl());
  const liveExists = await tableExists(db, table);
  let liveLoadId: string | undefined;
  if (liveExists) {
    try {
      liveLoadId = (await readBehaviorLoadMeta(db, table))?.loadId;
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      throw new DataError(
        `invalid table: ${JSON.stringify(table)} (it exists and was not created by ecomlab; refusing to replace it: ` +
          'drop it or choose another table)',
        { column: 'table', value: table },
      );
    }
  }
  const cleanedUp: string[] = [];
  if (await dropLeftover(db, stage, table)) cleanedUp.push(stage);
  if (liveExists && (await dropLeftover(db, backup, table))) cleanedUp.push(backup);
  await db.query(`DELETE FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id <> ?`, [
    table,
    liveLoadId ?? '',
  ]);
  return cleanedUp;
}
