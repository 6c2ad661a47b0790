import { describe, expect, it } from 'vitest';
import { CONFLICT_TRIES, isSerializationConflict, retryOnConflict } from './busy';

/** An error as the PostgreSQL connection throws it: a message and its SQLSTATE code. */
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryOnConflict', () => {
  it('runs a transaction that lost a serialization conflict or a deadlock again, and returns what the next attempt gives', () => {
    for (const code of ['40001', '40P01']) {
      let attempts = 0;
      const result = retryOnConflict(() => {
        attempts++;
        if (attempts < 3) throw pgError(code);
        return 'stored';
      });
      expect({ code, result, attempts }).toEqual({ code, result: 'stored', attempts: 3 });
    }
  });

  it('throws any other error at once, and a conflict that keeps coming after its last try', () => {
    let attempts = 0;
    expect(() =>
      retryOnConflict(() => {
        attempts++;
        throw pgError('23505');
      }),
    ).toThrow('pg 23505');
    expect(attempts).toBe(1);
    attempts = 0;
    expect(() =>
      retryOnConflict(() => {
        attempts++;
        throw pgError('40001');
      }),
    ).toThrow('pg 40001');
    expect(attempts).toBe(CONFLICT_TRIES);
  });

  it('tells conflicts from other errors, SQLite busy errors included (the ingest waits for those itself)', () => {
    expect(isSerializationConflict(pgError('40001'))).toBe(true);
    expect(isSerializationConflict(pgError('40P01'))).toBe(true);
    expect(isSerializationConflict(pgError('55P03'))).toBe(false);
    expect(isSerializationConflict(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isSerializationConflict('40001')).toBe(false);
  });
});
