import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  behaviorIndexDdl,
  behaviorSchemaSql,
  behaviorTableDdl,
  parseMysqlUrl,
  quoteIdentifier,
  redactUrl,
  validateIdentifier,
} from '../../lib/mysql';
import { DataError } from '../../lib/errors';

describe('identifiers', () => {
  it('accepts plain names and back-quotes them', () => {
    expect(validateIdentifier('user_behavior', 'table')).toBe('user_behavior');
    expect(validateIdentifier('_x9', 'table')).toBe('_x9');
    expect(quoteIdentifier('ub_2017', 'table')).toBe('`ub_2017`');
    expect(validateIdentifier('a'.repeat(64), 'table')).toHaveLength(64);
  });

  it.each([
    ['a`b', /invalid table: "a`b"/],
    ["a'b", /invalid table: "a'b"/],
    ['a b', /invalid table: "a b"/],
    ['db.t', /invalid table: "db.t"/],
    ['9lives', /invalid table: "9lives"/],
    ['', /invalid table: ""/],
    ['a'.repeat(65), /invalid table: "a{65}"/],
    ['t; DROP TABLE x', /invalid table: "t; DROP TABLE x"/],
    ['名字', /invalid table: "名字"/],
  ])('rejects %j', (name, message) => {
    expect(() => validateIdentifier(name, 'table')).toThrow(message);
    expect(() => validateIdentifier(name, 'table')).toThrow(DataError);
  });

  it('applies a tighter length limit when asked', () => {
    expect(() => validateIdentifier('a'.repeat(58), 'table', 57)).toThrow(/at most 57 characters/);
  });

  it('refuses non-strings', () => {
    expect(() => validateIdentifier(42, 'table')).toThrow(/invalid table: 42/);
  });
});

describe('urls', () => {
  it('redacts the password and keeps the rest', () => {
    expect(redactUrl('mysql://root:s3cret@db.example:3306/shop')).toBe(
      'mysql://root:***@db.example:3306/shop',
    );
    expect(redactUrl('mysql://root@127.0.0.1/test')).toBe('mysql://root@127.0.0.1/test');
    expect(redactUrl('mysql://u:p%40ss@h/db')).toBe('mysql://u:***@h/db');
    expect(redactUrl('not a url://u:pw@x')).not.toContain('pw');
    // An unparsable URL (bad port) whose password holds an unencoded '@': nothing of it may show.
    expect(redactUrl('mysql://root:s3cr@t@h:99999/test')).toBe('mysql://root:***@h:99999/test');
    expect(() => parseMysqlUrl('mysql://root:p@ss@host:abc/db')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('ss@host') }),
    );
  });

  it('parses user, password, host, port and database', () => {
    expect(parseMysqlUrl('mysql://root@127.0.0.1:3306/test')).toEqual({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'test',
    });
    expect(parseMysqlUrl('mariadb://bob:p%40ss@db/shop')).toEqual({
      host: 'db',
      port: 3306,
      user: 'bob',
      password: 'p@ss',
      database: 'shop',
    });
  });

  it('rejects bad urls without showing the password', () => {
    expect(() => parseMysqlUrl('postgres://u:hunter2@h/db')).toThrow(
      /invalid mysql url: "postgres:\/\/u:\*\*\*@h\/db"/,
    );
    expect(() => parseMysqlUrl('mysql://u:hunter2@h')).toThrow(/no database/);
    expect(() => parseMysqlUrl('mysql://u:hunter2@h/a`b')).toThrow(/invalid database/);
    for (const bad of ['postgres://u:hunter2@h/db', 'mysql://u:hunter2@h', 'mysql://u:hunter2@h/a`b']) {
      expect(() => parseMysqlUrl(bad)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    }
  });
});

describe('schema', () => {
  it('sql/schema.sql is exactly the generated schema for user_behavior', () => {
    const file = fs.readFileSync(path.join(__dirname, '../../sql/schema.sql'), 'utf8');
    // Regenerate with: npx tsx -e "process.stdout.write(require('./lib/mysql/schema').behaviorSchemaSql())" > sql/schema.sql
    expect(file).toBe(behaviorSchemaSql('user_behavior'));
  });

  it('validates the table name before generating DDL', () => {
    expect(() => behaviorTableDdl('a`b')).toThrow(/invalid table: "a`b"/);
    expect(() => behaviorIndexDdl('x;y')).toThrow(/invalid table: "x;y"/);
  });
});
