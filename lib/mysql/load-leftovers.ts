/**
 * The loader's leftover rules: what an interrupted earlier load of a table left behind (its `<table>__stage`
 * and `<table>__old` tables, metadata rows of loads that are not live), and when it may be dropped.
 * @internal
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { DataError } from '../errors';
import { parseLoadComment, readBehaviorLoadMeta } from './analyze-behavior-sql';
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
 * Drops `name`, a leftover (`<table>__stage` / `<table>__old`) of an interrupted ecomlab load of `table`, when
 * it exists. A table is a leftover only when its comment is `ecomlab load <id> table <table>`: an ecomlab load
 * id made for THIS target table (or, for comments of earlier versions without the target, when the metadata
 * table pairs that load id with `table`). Any other table of that name (someone else's, or a table the user
 * loaded with ecomlab under that name) is never dropped: the load stops with a message instead.
 * Returns true when a table was dropped.
 */
async function dropLeftover(connection: Queryable, name: string, table: string): Promise<boolean> {
  const [found] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [name],
  );
  if (found.length === 0) return false;
  const comment = parseLoadComment(String(found[0]?.c ?? ''));
  let leftover = comment !== undefined && comment.table === table;
  if (comment !== undefined && comment.table === undefined) {
    const [meta] = await connection.query<RowDataPacket[]>(
      `SELECT 1 FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id = ?`,
      [table, comment.loadId],
    );
    leftover = meta.length > 0;
  }
  if (!leftover) {
    const whose =
      comment === undefined
        ? 'was not created by ecomlab'
        : `is not a leftover of a load of ${table} (${comment.table !== undefined ? `ecomlab loaded it as table ${comment.table}` : 'its load is not recorded for this table'})`;
    throw new DataError(
      `invalid table: ${JSON.stringify(table)} (the loader needs the name ${name} for its staging/backup table, ` +
        `but a table of that name exists and ${whose}; it is never dropped: rename it or choose another table)`,
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
