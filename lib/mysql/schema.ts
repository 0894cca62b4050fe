/**
 * The behaviour table's DDL, generated for any (validated) table name. `sql/schema.sql` is exactly
 * `behaviorSchemaSql('user_behavior')` (a test keeps the two identical).
 *
 * Layout: the five source columns in compact unsigned types, behaviour as a TINYINT code in
 * `BEHAVIORS` order, the client-computed `event_date`/`event_hour` at the load's UTC offset, and the
 * kept-row ordinal as a 4-byte clustered primary key (smaller than InnoDB's hidden 6-byte row id,
 * appended in ascending order during the load, and keeps the file order).
 */
import { quoteIdentifier } from './identifiers';

/** Name of the shared metadata table (window, offset, reader counts and rejects per loaded table). */
export const META_TABLE = 'ecomlab_load_meta';

/** The secondary indexes, built after the bare load. Name → columns; see docs/mysql.md for why each exists. */
export const BEHAVIOR_INDEXES: ReadonlyArray<{ name: string; columns: string[]; usedBy: string }> = [
  {
    name: 'ix_user_date',
    columns: ['user_id', 'event_date', 'behavior_type'],
    usedBy: 'distinct users, funnel user flags, retention (first day and active days per user)',
  },
  {
    name: 'ix_date_user',
    columns: ['event_date', 'user_id', 'behavior_type'],
    usedBy: 'daily pv / buys / active users',
  },
  {
    name: 'ix_hour_user',
    columns: ['event_hour', 'user_id', 'behavior_type'],
    usedBy: 'hourly pv / buys / active users / buyers',
  },
  {
    name: 'ix_behavior_category',
    columns: ['behavior_type', 'category_id', 'user_id', 'event_date'],
    usedBy: 'buy-only range: category buys (Pareto) and the RFM (R, F) per buyer',
  },
];

/** The columns of the behaviour table, in load order. */
export const BEHAVIOR_COLUMNS = [
  'row_no',
  'user_id',
  'item_id',
  'category_id',
  'behavior_type',
  'ts',
  'event_date',
  'event_hour',
] as const;

/**
 * `CREATE TABLE` for a bare behaviour table (primary key only, no secondary index).
 *
 * @param table a plain identifier
 * @param comment optional table comment (single quotes are doubled)
 * @throws {DataError} `invalid table: "a`b"` for a name that is not a plain identifier
 * @example
 * behaviorTableDdl('ub').startsWith('CREATE TABLE `ub` ('); // => true
 */
export function behaviorTableDdl(table: string, comment = 'ecomlab behaviour events'): string {
  const name = quoteIdentifier(table, 'table');
  return [
    `CREATE TABLE ${name} (`,
    "  `row_no` INT UNSIGNED NOT NULL COMMENT '1-based ordinal of the kept row, in file order',",
    '  `user_id` INT UNSIGNED NOT NULL,',
    '  `item_id` INT UNSIGNED NOT NULL,',
    '  `category_id` INT UNSIGNED NOT NULL,',
    "  `behavior_type` TINYINT UNSIGNED NOT NULL COMMENT '0 pv, 1 fav, 2 cart, 3 buy',",
    "  `ts` INT UNSIGNED NOT NULL COMMENT 'unix seconds (UTC)',",
    "  `event_date` DATE NOT NULL COMMENT 'local date at the load''s UTC offset',",
    "  `event_hour` TINYINT UNSIGNED NOT NULL COMMENT 'local hour 0..23 at the load''s UTC offset',",
    '  PRIMARY KEY (`row_no`)',
    `) ENGINE=InnoDB DEFAULT CHARSET=ascii COMMENT='${comment.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`,
  ].join('\n');
}

/**
 * One `ALTER TABLE` adding every index of {@link BEHAVIOR_INDEXES} (InnoDB sorts and bulk-builds each).
 *
 * @example
 * behaviorIndexDdl('ub').split('\n')[0]; // => 'ALTER TABLE `ub`'
 */
export function behaviorIndexDdl(table: string): string {
  const name = quoteIdentifier(table, 'table');
  const adds = BEHAVIOR_INDEXES.map(
    (index) => `  ADD INDEX \`${index.name}\` (${index.columns.map((c) => `\`${c}\``).join(', ')})`,
  );
  return `ALTER TABLE ${name}\n${adds.join(',\n')}`;
}

/**
 * `CREATE TABLE IF NOT EXISTS` for the shared metadata table: one row per (table, load), holding what
 * the SQL analysis needs to report exactly what the streaming engine reports (window, reader counts,
 * rejects). The live row is the one whose `load_id` is in the data table's comment, so a swap never
 * pairs a table with another load's metadata.
 *
 * @example
 * metaTableDdl().includes('`ecomlab_load_meta`'); // => true
 */
export function metaTableDdl(): string {
  return [
    `CREATE TABLE IF NOT EXISTS \`${META_TABLE}\` (`,
    '  `table_name` VARCHAR(64) NOT NULL,',
    "  `load_id` CHAR(32) NOT NULL COMMENT 'also in the data table''s comment: ecomlab load <load_id>',",
    '  `source_file` VARCHAR(1024) NOT NULL,',
    '  `window_from` DATE NOT NULL,',
    '  `window_to` DATE NOT NULL,',
    "  `utc_offset` CHAR(6) NOT NULL COMMENT 'e.g. +08:00',",
    '  `lines_read` BIGINT UNSIGNED NOT NULL,',
    '  `header_lines` TINYINT UNSIGNED NOT NULL,',
    '  `rows_kept` BIGINT UNSIGNED NOT NULL,',
    "  `rejected_by_reason` TEXT NOT NULL COMMENT 'JSON object: reason -> count',",
    "  `reject_samples` MEDIUMTEXT NOT NULL COMMENT 'JSON array of {line, reason, text}',",
    "  `load_mode` VARCHAR(16) NOT NULL COMMENT 'local-infile or insert',",
    '  `loaded_at` DATETIME NOT NULL,',
    '  PRIMARY KEY (`table_name`, `load_id`)',
    ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  ].join('\n');
}

/**
 * The whole schema as a script (`;`-terminated statements with `--` comments): bare table, indexes,
 * metadata table. `sql/schema.sql` is this text for `user_behavior`.
 *
 * @example
 * behaviorSchemaSql('user_behavior').includes('ALTER TABLE `user_behavior`'); // => true
 */
export function behaviorSchemaSql(table = 'user_behavior'): string {
  const why = BEHAVIOR_INDEXES.map((index) => `--   ${index.name}: ${index.usedBy}`);
  return [
    '-- ecomlab behaviour schema (generated by behaviorSchemaSql() in lib/mysql/schema.ts; do not edit by hand).',
    '-- Source columns: user_id, item_id, category_id, behavior_type (0 pv, 1 fav, 2 cart, 3 buy), ts (unix s).',
    "-- Derived on the client by the reader: event_date / event_hour at the load's UTC offset (never the",
    '-- server time zone). row_no = ordinal of the kept row in file order, a 4-byte clustered key.',
    '-- The loader creates the bare table, streams rows in, then adds the indexes in one ALTER TABLE.',
    `${behaviorTableDdl(table)};`,
    '',
    '-- Secondary indexes (built after the load):',
    ...why,
    `${behaviorIndexDdl(table)};`,
    '',
    '-- Per-load metadata: window, offset, reader counts and rejects (keyed by table name and load id).',
    `${metaTableDdl()};`,
    '',
  ].join('\n');
}
