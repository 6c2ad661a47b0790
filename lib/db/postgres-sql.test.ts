import { describe, expect, it } from 'vitest';
import { translateSql, type Catalog } from './postgres-sql';

const catalog: Catalog = {
  booleans: new Set(['linked', 'quoted', 'statsStale', 'heading']),
  withId: new Set(['Document', 'Phrase', 'Occurrence']),
};
const t = (sql: string) => translateSql(sql, catalog);

describe('SQLite SQL for PostgreSQL', () => {
  it('quotes camelCase names, keeps lower-case ones, strings and quoted names as written', () => {
    expect(t(`SELECT id, contentHash FROM Document WHERE sourceKey = ? AND title <> 'sourceKey' AND "end" > 0`).text).toBe(
      `SELECT id, "contentHash" FROM "Document" WHERE "sourceKey" = $1 AND title <> 'sourceKey' AND "end" > 0`,
    );
    expect(t(`SELECT p.occurrenceCount AS totalUses FROM Phrase p`).text).toBe(`SELECT p."occurrenceCount" AS "totalUses" FROM "Phrase" p`);
  });

  it('numbers ? parameters and names @name parameters in order of first use', () => {
    const r = t('UPDATE Document SET title=@title, url=@url WHERE id=@id OR id=@title');
    expect(r.text).toBe('UPDATE "Document" SET title=$1, url=$2 WHERE id=$3 OR id=$1');
    expect(r.names).toEqual(['title', 'url', 'id']);
    expect(t('SELECT ?, ?, ?').text).toBe('SELECT $1, $2, $3');
    expect(t("SELECT 'it''s ?' , ?").text).toBe("SELECT 'it''s ?' , $1");
    expect(t('SELECT x::int FROM y').text).toBe('SELECT x::int FROM y');
  });

  it('writes boolean columns compared with or set to 0 and 1 as FALSE and TRUE, and only those', () => {
    expect(t('UPDATE Phrase SET statsStale = 1 WHERE statsStale = 0 AND occurrenceCount = 0').text).toBe(
      'UPDATE "Phrase" SET "statsStale" = TRUE WHERE "statsStale" = FALSE AND "occurrenceCount" = 0',
    );
    expect(t('SELECT 1 FROM Occurrence o WHERE o.quoted <> 1 AND o.linked != 0 LIMIT 1').text).toBe(
      'SELECT 1 FROM "Occurrence" o WHERE o.quoted <> TRUE AND o.linked != FALSE LIMIT 1',
    );
    expect(t('INSERT INTO Document (title, year, linked) VALUES (?, 1, 0)').text).toBe(
      'INSERT INTO "Document" (title, year, linked) VALUES ($1, 1, FALSE) RETURNING id',
    );
  });

  it('counts booleans in aggregates as integers', () => {
    expect(t('SELECT sum(o.quoted) AS q, max(quoted), count(quoted) FROM Occurrence o').text).toBe(
      'SELECT sum(o.quoted::int) AS q, max(quoted::int), count(quoted) FROM "Occurrence" o',
    );
  });

  it('returns the new id of an INSERT into a table with one, as lastInsertRowid does', () => {
    expect(t('INSERT INTO Phrase (key) VALUES (?)')).toMatchObject({ text: 'INSERT INTO "Phrase" (key) VALUES ($1) RETURNING id', returnsId: true, insertInto: 'Phrase' });
    expect(t('INSERT INTO SearchMeta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')).toMatchObject({
      returnsId: false,
    });
    expect(t('INSERT INTO stale_phrases SELECT id FROM Phrase').returnsId).toBe(false);
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING', () => {
    expect(t('INSERT OR IGNORE INTO DocumentHash (hash, documentId) VALUES (?, ?), (?, ?)').text).toBe(
      'INSERT INTO "DocumentHash" (hash, "documentId") VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING',
    );
    expect(t('INSERT OR IGNORE INTO Phrase (key) VALUES (?)').text).toBe('INSERT INTO "Phrase" (key) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id');
  });

  it("turns SQLite's temp schema into PostgreSQL's", () => {
    expect(t('SELECT count(*) FROM temp.stale_phrases').text).toBe('SELECT count(*) FROM pg_temp.stale_phrases');
  });
});
