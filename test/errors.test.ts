import { check, DataError } from '../lib/errors';

describe('errors', () => {
  it('names the value and the location', () => {
    expect(() => check(false, 'k', 0)).toThrow(/invalid k: 0/);
    const error = new DataError('bad integer "x"', { file: 'a.csv', line: 7 });
    expect(error.message).toBe('a.csv:line 7: bad integer "x"');
  });
});
