/**
 * The SQL Tifa writes runs on both providers. It is written for SQLite with
 * unquoted camelCase names (Document, sourceKey) and `?` or `@name`
 * parameters; this module turns it into PostgreSQL's form, where an unquoted
 * name is folded to lower case and parameters are `$1…`. It is a tokenizer,
 * not a parser: string literals, quoted names and comments are kept as they
 * are; names with both cases are quoted; `temp.` becomes `pg_temp.`;
 * INSERT OR IGNORE becomes ON CONFLICT DO NOTHING; and
 * SQLite's habit of treating booleans as integers is bridged where the SQL
 * does it with a boolean column (`linked = 0`, `sum(quoted)`), which the
 * catalogue names. Anything else that differs (printf, the UTF-16 slice,
 * upserts) is written through lib/db/dialect.ts.
 */

export interface Catalog {
  /** Names of boolean columns (in any table). */
  booleans: Set<string>;
  /** Tables that have an `id` column (an INSERT into them returns the new id). */
  withId: Set<string>;
}

export interface Translated {
  text: string;
  /** For `@name` parameters: the name of each $n in order; null for positional `?`. */
  names: string[] | null;
  /** The table an INSERT writes to (its new id is returned), or null. */
  insertInto: string | null;
  /** True when RETURNING id was added (the statement's rows are ids). */
  returnsId: boolean;
}

type Token = { kind: 'word' | 'quoted' | 'string' | 'param' | 'named' | 'number' | 'space' | 'other'; text: string };

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out.push({ kind: 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '"') {
      const j = sql.indexOf('"', i + 1);
      const end = j < 0 ? sql.length : j + 1;
      out.push({ kind: 'quoted', text: sql.slice(i, end) });
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out.push({ kind: 'space', text: sql.slice(i, end) });
      i = end;
    } else if (/\s/.test(c)) {
      let j = i;
      while (j < sql.length && /\s/.test(sql[j])) j++;
      out.push({ kind: 'space', text: sql.slice(i, j) });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      out.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < sql.length && /[0-9.]/.test(sql[j])) j++;
      out.push({ kind: 'number', text: sql.slice(i, j) });
      i = j;
    } else if (c === '?') {
      out.push({ kind: 'param', text: c });
      i++;
    } else if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '') && !(c === ':' && sql[i - 1] === ':')) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      out.push({ kind: 'named', text: sql.slice(i + 1, j) });
      i = j;
    } else {
      out.push({ kind: 'other', text: c });
      i++;
    }
  }
  return out;
}

const AGGREGATES = new Set(['sum', 'max', 'min', 'avg', 'total']);
const unquote = (t: Token) => (t.kind === 'quoted' ? t.text.slice(1, -1) : t.text);

/**
 * INSERT INTO T (a, b, linked) VALUES (?, ?, 0): the positions (among the
 * significant tokens) of literal 0 and 1 written into boolean columns.
 */
function booleanValuePositions(sig: Token[], catalog: Catalog): Set<number> {
  const found = new Set<number>();
  if (sig[0]?.text.toUpperCase() !== 'INSERT' || sig[1]?.text.toUpperCase() !== 'INTO' || sig[3]?.text !== '(') return found;
  const columns: string[] = [];
  let k = 4;
  for (; k < sig.length && sig[k].text !== ')'; k++) if (sig[k].text !== ',') columns.push(unquote(sig[k]));
  k++;
  if (sig[k]?.text.toUpperCase() !== 'VALUES' || sig[k + 1]?.text !== '(') return found;
  let depth = 0;
  let column = 0;
  let start = k + 2;
  for (k = k + 1; k < sig.length; k++) {
    const t = sig[k].text;
    if (t === '(') depth++;
    else if (t === ')' || (t === ',' && depth === 1)) {
      if (depth === 1 && k === start + 1 && sig[start].kind === 'number' && (sig[start].text === '0' || sig[start].text === '1') && catalog.booleans.has(columns[column])) {
        found.add(start);
      }
      if (t === ',') {
        column++;
        start = k + 1;
      } else if (--depth === 0) break;
    }
  }
  return found;
}

/** SQLite-dialect SQL → PostgreSQL. Pure; callers cache it by text. */
export function translateSql(sql: string, catalog: Catalog): Translated {
  // INSERT OR IGNORE INTO … → INSERT INTO … ON CONFLICT DO NOTHING
  const ignore = /^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i.test(sql);
  if (ignore) sql = sql.replace(/^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i, 'INSERT INTO');
  const tokens = tokenize(sql);
  const names: string[] = [];
  let positional = 0;
  // Significant tokens (not space), for looking around a token.
  const sig = tokens.map((t, i) => i).filter((i) => tokens[i].kind !== 'space');
  const at = (k: number) => (k >= 0 && k < sig.length ? tokens[sig[k]] : undefined);
  const isBoolColumn = (k: number) => {
    const t = at(k);
    return !!t && (t.kind === 'word' || t.kind === 'quoted') && catalog.booleans.has(unquote(t));
  };
  const out: string[] = new Array(tokens.length);
  const insertBooleans = booleanValuePositions(sig.map((i) => tokens[i]), catalog);
  for (let k = 0, i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'space') {
      out[i] = t.text;
      continue;
    }
    const prev = at(k - 1);
    const next = at(k + 1);
    let text = t.text;
    if (t.kind === 'word') {
      if (/[a-z]/.test(t.text) && /[A-Z]/.test(t.text)) text = `"${t.text}"`;
      else if (t.text === 'temp' && next?.text === '.') text = 'pg_temp';
    } else if (t.kind === 'param') {
      text = `$${++positional}`;
    } else if (t.kind === 'named') {
      let n = names.indexOf(t.text);
      if (n < 0) n = names.push(t.text) - 1;
      text = `$${n + 1}`;
    } else if (t.kind === 'number' && (t.text === '0' || t.text === '1')) {
      // boolcol = 0, boolcol != 0, boolcol <> 1 (alias-qualified too)
      const op = prev?.text;
      const before = at(k - 2);
      if (
        (op === '=' && (isBoolColumn(k - 2) || (before?.text === '!' && isBoolColumn(k - 3)))) ||
        (op === '>' && before?.text === '<' && isBoolColumn(k - 3))
      ) {
        text = t.text === '1' ? 'TRUE' : 'FALSE';
      }
      if (insertBooleans.has(k)) text = t.text === '1' ? 'TRUE' : 'FALSE';
    }
    if ((t.kind === 'quoted' || t.kind === 'word') && catalog.booleans.has(unquote(t))) {
      // sum(quoted), max(o.quoted): booleans counted as integers
      let open = k - 1;
      if (at(open)?.text === '.') open -= 2;
      const fn = at(open - 1);
      if (at(open)?.text === '(' && fn?.kind === 'word' && AGGREGATES.has(fn.text.toLowerCase()) && next?.text === ')') {
        text = `${text}::int`;
      }
    }
    out[i] = text;
    k++;
  }
  let text = out.join('');
  if (ignore) text = `${text.replace(/[\s;]+$/, '')} ON CONFLICT DO NOTHING`;
  // INSERT INTO Table …: return the new row's id (better-sqlite3's lastInsertRowid).
  let insertInto: string | null = null;
  let returnsId = false;
  const first = at(0);
  if (first && first.text.toUpperCase() === 'INSERT' && at(1)?.text.toUpperCase() === 'INTO') {
    const table = at(2);
    if (table) insertInto = unquote(table);
    const hasReturning = tokens.some((tk) => tk.kind === 'word' && tk.text.toUpperCase() === 'RETURNING');
    if (insertInto && catalog.withId.has(insertInto) && !hasReturning) {
      text = `${text.replace(/[\s;]+$/, '')} RETURNING id`;
      returnsId = true;
    }
  }
  return { text, names: names.length ? names : null, insertInto, returnsId };
}
