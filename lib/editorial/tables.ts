/**
 * The editorial content: what editors (not ingestion) wrote, listed in one
 * place. The export (npm run export -- --editorial) and the import (npm run
 * import-editorial) walk this list and nothing else, so a table or column
 * added for editors is carried by adding it here.
 *
 * Rows are identified across databases by stable keys, never by row ids: a
 * phrase by its key, a document by its sourceKey, a note by its phrase, time
 * and author, a revision by what it revises and its version. A foreign key is
 * exported as the identity of the row it points to (read from the schema), so
 * the content imports into a database ingested afresh, where every id differs.
 *
 * Tables and columns that this database does not have yet (a migration not
 * applied, or added by a later version) are skipped: an entry may name them
 * ahead of time.
 */
import type { Db } from '../db/sqlite';
import { phraseReadings } from '../ingest/phrase-info';

export type Row = Record<string, unknown>;

export interface EditorialTable {
  /** The table's name in the database. */
  table: string;
  /** Columns identifying a row across databases (foreign keys stand for the identity of the row they point to). */
  identity: string[];
  /**
   * 'all': the whole row is editorial (notes, revisions, users); the integer
   * id is never carried. A list: only these columns are editorial, ingestion
   * owns the rest of the row (phrases, documents).
   */
  columns: 'all' | string[];
  /** Columns never carried. */
  exclude?: string[];
  /** The rows worth exporting (for tables ingestion fills: those an editor touched), given the columns the table has. */
  where?: (has: (column: string) => boolean) => string;
  /**
   * An exported row whose identity the target lacks: 'insert' it as it is;
   * 'create' it with `create` (a phrase an editor promoted or annotated that
   * the new corpus never quotes); 'skip' it (a document not ingested there).
   */
  missing: 'insert' | 'create' | 'skip';
  /** The columns to write for an exported row (ingestion's columns that only an editor's choice should override). */
  prepare?: (row: Row, exists: boolean) => Row;
  /** The full row for `missing: 'create'`. */
  create?: (row: Row) => Row;
  /**
   * After a row was inserted or changed (`changed`: the columns written): a
   * phrase that became the editor's is looked for again everywhere.
   */
  afterWrite?: (db: Db, id: number, row: Row, changed: string[]) => void;
}

/** The editor columns of a phrase (the rest is ingestion's). */
const PHRASE_EDITOR_COLUMNS = [
  // The headword: only for creating a phrase the target lacks (ingestion names existing ones).
  'text',
  'kind',
  'kindSource',
  'origin',
  'translation',
  'definition',
  'pinyinOverride',
  'pinyinPlain',
  'pinyinInitials',
  'pinyinSort',
  'version',
  'status',
  'mergedIntoId',
];

export const EDITORIAL_TABLES: EditorialTable[] = [
  // Accounts first: everything else may name them.
  { table: 'User', identity: ['nameKey'], columns: 'all', missing: 'insert' },
  {
    table: 'Phrase',
    identity: ['key'],
    columns: PHRASE_EDITOR_COLUMNS,
    where: (has) =>
      [
        'version > 1',
        "origin <> 'quoted'",
        "kindSource <> 'auto'",
        'translation IS NOT NULL',
        'definition IS NOT NULL',
        'pinyinOverride IS NOT NULL',
        'id IN (SELECT phraseId FROM Note)',
        'id IN (SELECT phraseId FROM PhraseRevision)',
        ...(has('status') ? ["status <> 'candidate'"] : []),
        ...(has('mergedIntoId') ? ['mergedIntoId IS NOT NULL', 'id IN (SELECT mergedIntoId FROM Phrase WHERE mergedIntoId IS NOT NULL)'] : []),
      ].join(' OR '),
    missing: 'create',
    prepare: (row, exists) => {
      const out = { ...row };
      if (exists) delete out.text;
      // A kind ingestion chose is ingestion's to choose again; a pinyin only
      // an editor's correction sets the search keys.
      if (exists && out.kindSource !== 'editor') delete out.kind;
      if (out.pinyinOverride === null || out.pinyinOverride === undefined) {
        delete out.pinyinPlain;
        delete out.pinyinInitials;
        delete out.pinyinSort;
      }
      return out;
    },
    create: (row) => {
      const key = String(row.key);
      const readings = phraseReadings(key);
      const now = new Date().toISOString();
      // linked = 0: the next ingest (or the import itself) looks for its uses.
      return { ...readings, text: key, kind: 'slogan', createdAt: now, updatedAt: now, linked: 0, ...stripUndefined(row) };
    },
    afterWrite: (db, id, row, changed) => {
      // Promoted or given a kind by an editor: looked for unquoted whatever the
      // rules say, so its uses are found again (see lib/ingest/link.ts).
      const editors = row.origin === 'search' || row.kindSource === 'editor';
      if (editors && changed.some((c) => c === 'origin' || c === 'kindSource' || c === 'kind')) {
        db.prepare('UPDATE Phrase SET linked = 0 WHERE id = ?').run(id);
      }
    },
  },
  { table: 'Document', identity: ['sourceKey'], columns: ['editedTitle', 'editedDate', 'version'], where: (has) => (has('version') ? 'version > 1' : '0'), missing: 'skip' },
  { table: 'PhraseRevision', identity: ['phraseId', 'version'], columns: 'all', missing: 'insert' },
  { table: 'Note', identity: ['phraseId', 'createdAt', 'author'], columns: 'all', missing: 'insert' },
  { table: 'NoteRevision', identity: ['noteId', 'version'], columns: 'all', missing: 'insert' },
  { table: 'DocumentRevision', identity: ['documentId', 'version'], columns: 'all', missing: 'insert' },
  // Not Promotion: it records which occurrence rows a promotion added so that
  // it can be undone in this database; those row ids mean nothing in another
  // one. The promoted phrase itself travels (origin 'search'), and revisions
  // carry their action and revertOf with the whole row.
];

function stripUndefined(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
}
