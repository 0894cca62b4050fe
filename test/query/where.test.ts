/**
 * The typed filter: validation messages (field and value named), compilation (hour masks, clipped dates), the
 * id set, and filterChunk against a naive row-by-row predicate on random chunks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBehaviorWindow } from '../../lib/behavior/window';
import { allocBehaviorChunk } from '../../lib/io/behavior-parser';
import { createRng } from '../../lib/sample/rng';
import {
  filterChunk,
  idFilter,
  idFilterHas,
  readIdFile,
  resolveWhere,
  whereIsEmpty,
  type BehaviorWhere,
} from '../../lib/query/where';

const window = resolveBehaviorWindow();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-where-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolveWhere: validation', () => {
  test.each<[unknown, RegExp]>([
    [{ hours: { from: 20, to: 24 } }, /invalid where\.hours\.to: 24 \(expected an hour 0\.\.23\)/],
    [{ hours: [1.5] }, /invalid where\.hours: 1\.5/],
    [{ hours: [] }, /invalid where\.hours: \[\] \(an empty list keeps nothing/],
    [{ behaviors: ['click'] }, /invalid where\.behaviors: "click" \(expected pv, fav, cart or buy\)/],
    [{ categories: [-1] }, /invalid where\.categories: -1 \(expected an integer id 0\.\.4294967295\)/],
    [{ categories: 42 }, /invalid where\.categories: 42 \(expected a list of integer ids\)/],
    [{ items: [2 ** 32] }, /invalid where\.items: 4294967296/],
    [{ dates: { from: '2017-13-01' } }, /invalid where\.dates\.from: "2017-13-01" \(not a calendar date\)/],
    [{ dates: { from: '2017-12-02', to: '2017-12-01' } }, /invalid where\.dates\.to: "2017-12-01" \(before/],
    [
      { dates: { from: '2018-01-01', to: '2018-01-02' } },
      /invalid where\.dates: .* \(outside the window 2017-11-25\.\.2017-12-03\)/,
    ],
    [{ category: [1] }, /invalid where: unknown field "category" \(expected categories, items/],
    [{ usersWho: { usersWho: {} } }, /invalid where: unknown field "usersWho"/],
    [{ users: { path: 'x' } }, /invalid where\.users: .* \(expected a list of ids or \{ file \}\)/],
    ['categories=1', /invalid where: "categories=1" \(expected an object/],
  ])('%j', (where, message) => {
    expect(() => resolveWhere(where as BehaviorWhere, window)).toThrow(message);
  });

  test('a user file: header and comments skipped, a bad line named with its number', () => {
    const good = path.join(tmp, 'good.txt');
    fs.writeFileSync(good, '# buyers\nuser_id\n5\n3\n5\n\n');
    expect(readIdFile(good)).toEqual([3, 5]);
    const bad = path.join(tmp, 'bad.txt');
    fs.writeFileSync(bad, 'user_id\n1\n2x\n');
    expect(() => readIdFile(bad)).toThrow(`${bad}:line 3: invalid user id "2x"`);
    expect(() => readIdFile(path.join(tmp, 'missing.txt'))).toThrow(
      /invalid where\.users: cannot read .*ENOENT/,
    );
    const empty = path.join(tmp, 'empty.txt');
    fs.writeFileSync(empty, '# nothing\n');
    expect(() => readIdFile(empty)).toThrow(/no user ids/);
  });
});

describe('resolveWhere: compilation', () => {
  test('hour ranges, wrapping ranges and lists give the same masks', () => {
    expect(resolveWhere({ hours: { from: 20, to: 23 } }, window).hourMask).toBe(0xf00000);
    expect(resolveWhere({ hours: { from: 22, to: 1 } }, window).normalized.hours).toEqual([0, 1, 22, 23]);
    expect(resolveWhere({ hours: [23, 0, 1, 22, 22] }, window).hourMask).toBe(
      resolveWhere({ hours: { from: 22, to: 1 } }, window).hourMask,
    );
  });

  test('dates become local-midnight seconds clipped to the window', () => {
    const compiled = resolveWhere({ dates: { from: '2017-11-20', to: '2017-11-25' } }, window);
    expect(compiled.fromSeconds).toBe(window.startSeconds);
    expect(compiled.toSeconds).toBe(window.startSeconds + 86400);
    const utc = resolveBehaviorWindow({ utcOffset: '+00:00' });
    expect(resolveWhere({ dates: { from: '2017-12-01' } }, utc).fromSeconds).toBe(
      Date.UTC(2017, 11, 1) / 1000,
    );
  });

  test('an empty filter is recognised; ids are sorted and distinct', () => {
    expect(whereIsEmpty(resolveWhere(undefined, window))).toBe(true);
    expect(whereIsEmpty(resolveWhere({}, window))).toBe(true);
    expect(whereIsEmpty(resolveWhere({ behaviors: ['pv', 'fav', 'cart', 'buy'] }, window))).toBe(true);
    expect(whereIsEmpty(resolveWhere({ hours: { from: 0, to: 23 } }, window))).toBe(true);
    expect(whereIsEmpty(resolveWhere({ behaviors: ['buy'] }, window))).toBe(false);
    expect(resolveWhere({ categories: [5, 1, 5] }, window).normalized.categories).toEqual([1, 5]);
  });

  test('idFilter holds exactly its ids, 0 and 2^32-1 included', () => {
    const random = createRng(11);
    const rng = () => random.uniform();
    const ids = Array.from({ length: 5000 }, () => Math.floor(rng() * 2 ** 32));
    ids.push(0, 4294967295);
    const filter = idFilter(ids);
    const set = new Set(ids);
    expect(filter.size).toBe(set.size);
    for (const id of ids) expect(idFilterHas(filter, id)).toBe(true);
    for (let k = 0; k < 5000; k++) {
      const probe = Math.floor(rng() * 2 ** 32);
      expect(idFilterHas(filter, probe)).toBe(set.has(probe));
    }
  });
});

describe('filterChunk', () => {
  test('keeps exactly the rows a naive predicate keeps, in order', () => {
    const random = createRng(5);
    const rng = () => random.uniform();
    const n = 20000;
    const chunk = allocBehaviorChunk(n);
    for (let i = 0; i < n; i++) {
      chunk.userId[i] = Math.floor(rng() * 50);
      chunk.itemId[i] = Math.floor(rng() * 200);
      chunk.categoryId[i] = Math.floor(rng() * 20);
      chunk.behavior[i] = Math.floor(rng() * 4);
      chunk.timestamp[i] =
        window.startSeconds + Math.floor(rng() * (window.endSeconds - window.startSeconds));
    }
    chunk.length = n;
    const where: BehaviorWhere = {
      categories: [1, 2, 3, 4, 5, 6, 7],
      items: Array.from({ length: 150 }, (_, i) => i),
      behaviors: ['pv', 'buy'],
      dates: { from: '2017-11-27', to: '2017-12-01' },
      hours: { from: 21, to: 3 },
      users: Array.from({ length: 40 }, (_, i) => i + 5),
    };
    const local = (t: number) => new Date((t + 8 * 3600) * 1000);
    const expected: number[] = [];
    for (let i = 0; i < n; i++) {
      const d = local(chunk.timestamp[i]!);
      const day = d.toISOString().slice(0, 10);
      const hour = d.getUTCHours();
      if (
        chunk.categoryId[i]! >= 1 &&
        chunk.categoryId[i]! <= 7 &&
        chunk.itemId[i]! < 150 &&
        (chunk.behavior[i] === 0 || chunk.behavior[i] === 3) &&
        day >= '2017-11-27' &&
        day <= '2017-12-01' &&
        (hour >= 21 || hour <= 3) &&
        chunk.userId[i]! >= 5 &&
        chunk.userId[i]! < 45
      )
        expected.push(chunk.timestamp[i]! * 1000 + chunk.userId[i]!);
    }
    const kept = filterChunk(chunk, resolveWhere(where, window));
    expect(kept).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(100);
    const actual = Array.from({ length: kept }, (_, i) => chunk.timestamp[i]! * 1000 + chunk.userId[i]!);
    expect(actual).toEqual(expected);
  });

  test('a usersWho filter without its user set is an internal error', () => {
    const chunk = allocBehaviorChunk(1);
    expect(() => filterChunk(chunk, resolveWhere({ usersWho: { behaviors: ['buy'] } }, window))).toThrow(
      /usersWho set is missing/,
    );
  });
});
