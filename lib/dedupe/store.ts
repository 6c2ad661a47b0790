/**
 * Where fingerprints are kept, and the lookup of which documents hold a clause.
 *
 * Each document has one DocumentFingerprint row, written in the document's
 * own transaction with `indexed` false: its number of clauses, and the
 * 32-bit sketch of each hash (fingerprint.ts), which is what detection asks
 * of a candidate copy (which of the new text's boilerplate clauses it holds:
 * ten candidates a document in the 1 GB rung's reshuffled corpus). The whole
 * hashes are not stored with it: they are a function of the document's stored
 * sentences, worked out again (`derived`) on the rare occasions they are
 * needed: a document re-ingested, its copies compared again, the waiting
 * hashes of an interrupted run. Whole, they took 185 MB of the 1 GB rung's
 * database (8 bytes a hash, in rows that packed badly); worked out for every
 * candidate instead, they halved that ingest's speed. So a change to what a
 * fingerprint is must come with a migration that empties DocumentFingerprint
 * and DocumentHash, as the change of hash did: the catch-up below then
 * computes them all again. The lookup table
 * DocumentHash (hash, documentId) is written in sorted batches: when the
 * hashes waiting reach FLUSH_HASHES, at the end of a run, and at the start of
 * the next run for whatever an interrupted one left. Until then a waiting
 * document's hashes are held here, in memory, and every lookup sees them, so
 * detection finds what it would find if each document's hashes were in the
 * table from its commit on.
 *
 * Why: inserting a document's few hundred hashes into the (hash, documentId)
 * B-tree puts each at a random place, and with one transaction per document
 * every commit wrote hundreds of scattered pages to the WAL (about 2 GB of
 * page writes for the 1,691 documents of cctv_news: 10 s of CPU, a fifth of
 * the ingest). Sorted and batched, each page of the table is written once a
 * batch.
 *
 * And a batch must be large: its hashes are spread over the whole table, so
 * a batch of 65,536 rewrote nearly every page of it. At 1 GB of text (16.7
 * million hashes, 300 MB) one such batch wrote 366 MB in 0.7 s, and the
 * batches of one ingest together wrote some 40 GB: the table's size times the
 * number of batches, which grows with it. A batch of 262,144 hashes writes
 * 586 MB in 1.1 s there: a quarter of the batches for 1.5 times the cost each
 * (524,288: 624 MB in 1.3 s; a million: 637 MB in 1.8 s, each doubling the
 * memory held). The hashes held meanwhile are kept compactly (held.ts).
 */
import { dialectOf } from '../db/dialect';
import { BatchInsert, InList, openReaderBeside, type Db } from '../db/sqlite';
import { encodeSketch, fingerprint, sketchOf, sketchValues } from './fingerprint';
import { HeldHashes } from './held';
import { WrittenHashes } from './written';

/**
 * Hashes held in memory before they are written to the lookup table: bounds
 * memory (about 30 bytes a hash held, so at most about 8 MB, and half as much
 * again while a batch is sorted). The whole corpus (757k hashes) is three batches.
 */
export const FLUSH_HASHES = 1 << 18;

/** What each document's lookup keeps of the counts before it (FingerprintStore.lookupsMostlyFiltered). */
const LOOKUP_DECAY = 0.9;

/** Hashes looked up per statement: one JSON array, the index lookups inside the database. */
const LOOKUP_BATCH = 500;

/** Documents fingerprinted per transaction when catching up. */
const CATCH_UP_BATCH = 64;

type RawAll = { all(...params: unknown[]): Array<[number | string, string | number | null]> };

/**
 * Each hash's holders: the documents holding it, or null for a hash held by more
 * than the limit (a crowded clause); a hash nobody holds is absent.
 */
export type Holders = Map<number, number[] | null>;

/**
 * The holders of hashes as the lookup table lists them (what is committed; not
 * the hashes still waiting in a writer's memory). The writer asks it, and so
 * do the document workers of a parallel ingest, for each document they process
 * (`PrefetchedHolders`): the lookups were the largest cost on the writer's thread
 * at 1 GB, and a worker's thread has time to spare.
 */
export class HolderLookup {
  private readonly stmt: RawAll;
  /**
   * Hashes the lookup table was found to list more than `crowdedAbove` holders for: they are
   * answered as such without asking again. Holders only come (a batch adds them) until a
   * document's rows go (`forget`, for its hashes). Why: in the 1 GB rung's reshuffled corpus
   * most clauses end up held by dozens of documents, and looking each up again for every new
   * document was a fifth of the ingest's main thread (95 of 423 s).
   */
  private readonly crowded = new Set<number>();
  private crowdedAbove = -1;

  constructor(db: Db) {
    // Each hash of a JSON array with its first holders (as many as the first parameter).
    this.stmt = db
      .prepare(
        `SELECT h.value AS hash,
           (SELECT ${dialectOf(db).groupConcat('CAST(documentId AS TEXT)', ',')}
            FROM (SELECT documentId FROM DocumentHash WHERE hash = h.value LIMIT ?) AS holder) AS documents
         FROM ${dialectOf(db).jsonIntegers} AS h`,
      )
      .raw(true) as unknown as RawAll;
  }

  /**
   * The listed holders of each of `hashes`, up to `limit` (null above it). Detection only
   * needs to know that a clause of boilerplate is common, not its thousands of holders: each
   * hash's holders are read up to one more than the limit, so a lookup costs the same however
   * much is stored.
   *
   * Why: at 1 GB of text, 20 new documents' 4,494 hashes had 471,612 holders. Brought into
   * JavaScript as rows they took 0.7 s (about 1.5 µs a row); counted in SQL, 0.1–0.17 s;
   * read up to the limit, 0.05 s. Across an ingest the lookups had grown with the store on
   * every document: the 1 GB rung's ingest ran at 0.38 MB/s with every holder as rows, 0.64
   * counted in SQL, 0.85 read up to the limit.
   */
  holders(hashes: readonly number[], limit: number): Holders {
    const out: Holders = new Map();
    if (limit !== this.crowdedAbove) {
      this.crowded.clear();
      this.crowdedAbove = limit;
    }
    const ask: number[] = [];
    for (const h of hashes) {
      if (this.crowded.has(h)) out.set(h, null);
      else ask.push(h);
    }
    for (let i = 0; i < ask.length; i += LOOKUP_BATCH) {
      for (const [hash, listed] of this.stmt.all(limit + 1, JSON.stringify(ask.slice(i, i + LOOKUP_BATCH)))) {
        if (listed === null) continue;
        const documents = String(listed).split(',').map(Number);
        const h = Number(hash);
        if (documents.length > limit) {
          out.set(h, null);
          this.crowded.add(h);
        } else out.set(h, documents);
      }
    }
    return out;
  }

  /** A document's rows left the table: its hashes have fewer holders now, and are asked again. */
  forget(hashes: Iterable<number>): void {
    for (const h of hashes) this.crowded.delete(h);
  }
}

/**
 * A document worker's lookup for one document (HolderLookup, on its own
 * connection), with what the writer had done when it sent the file: how many
 * batches it had written to the lookup table (`batches`) and how many
 * documents' rows it had taken out (`removals`). The worker read after that,
 * so its answer lists every holder written by then, and perhaps some written
 * later; the writer adds the holders of the batches it wrote since, and of the
 * hashes still waiting (`FingerprintStore.holders`).
 */
export interface PrefetchedHolders {
  holders: Holders;
  limit: number;
  batches: number;
  removals: number;
}

/** Holders from two sources, each document once; null (crowded) once more than `limit`. */
function mergeHolders(out: Holders, hash: number, more: number[], limit: number): void {
  if (!out.has(hash)) {
    out.set(hash, more.length > limit ? null : more);
    return;
  }
  const known = out.get(hash)!;
  if (known === null) return;
  // A few dozen at most: a scan costs less than a Set.
  const all = known.slice();
  for (const d of more) if (!all.includes(d)) all.push(d);
  out.set(hash, all.length > limit ? null : all);
}

/**
 * What the parallel ingest (lib/ingest/run.ts) does with the lookup table while
 * document workers look up ahead of the writer: notes how much was written when
 * it sends each file, keeps the batches written since the oldest file still out,
 * and passes on the hashes that leave the table.
 */
export interface WorkerLookupBookkeeping {
  readonly written: { batches: number; removals: number };
  /** Whether most hashes the writer looks up now need not be asked of the table (see FingerprintStore.writtenOnly). */
  readonly lookupsMostlyFiltered: boolean;
  keepBatchesAfter(after: number | null): void;
  onForget: ((hashes: number[]) => void) | null;
}

export class FingerprintStore implements WorkerLookupBookkeeping {
  private readonly stmts;
  /** The documents whose hashes are not in DocumentHash yet, with their hashes. */
  private waiting = new HeldHashes();
  private readonly lookup: HolderLookup;
  /**
   * The same lookups on a read connection of their own (SQLite), used unless this
   * transaction took a document's rows out of the table (then only the writer's own
   * connection sees the table as it is). Why: the writer's connection has a 16 MiB page
   * cache, and the lookups read pages of a table of hundreds of MB that then evicted the
   * pages its inserts needed: at 1 GB the ingest took 303.5 s with the lookups on it,
   * 283.6 s with them on their own connection.
   */
  private readonly committedLookup: HolderLookup | null;
  private readonly reader: Db | null;
  /** Set by `remove` until the transaction ends (`flushIfFull` after its commit, `restore` after a rollback). */
  private removedInTransaction = false;
  /** Batches written to the lookup table, and documents' rows taken out of it, by this store. */
  private batches = 0;
  private removals = 0;
  /**
   * The batches written since the oldest file a document worker still looks up for was sent
   * (`keepBatchesAfter`), by number: their holders may be missing from its answers.
   */
  private readonly recent: Array<{ batch: number; held: HeldHashes }> = [];
  private keepAfter: number | null = null;
  /** Told the hashes of each document whose rows leave the lookup table (the workers' lookups forget them). */
  onForget: ((hashes: number[]) => void) | null = null;
  /**
   * Every hash this store has written to the lookup table, while the table held nothing
   * before (null otherwise): a hash it has not seen has no holder there, and is not asked
   * (written.ts). Rows it deletes stay in it: asked, they are found gone.
   */
  private readonly writtenOnly: WrittenHashes | null;
  /** Hashes looked up lately, and those of them writtenOnly may hold: decayed at each lookup. */
  private lookedUp = 0;
  private mayBeHeld = 0;

  constructor(
    private readonly db: Db,
    /** Hashes held before a batch is written (tests make it small). */
    private readonly flushAt = FLUSH_HASHES,
    /** Look up on a read connection of its own where that sees the same (see committedLookup). */
    readerBeside = false,
  ) {
    this.stmts = {
      row: db.prepare<[number], { indexed: number | boolean }>('SELECT indexed FROM DocumentFingerprint WHERE documentId = ?'),
      sketch: db.prepare<[number], { sketch: Buffer }>('SELECT sketch FROM DocumentFingerprint WHERE documentId = ?'),
      insert: db.prepare('INSERT INTO DocumentFingerprint (documentId, sketch, clauses, indexed) VALUES (?, ?, ?, 0)'),
      delete: db.prepare('DELETE FROM DocumentFingerprint WHERE documentId = ?'),
      // By key (the table has no index on documentId): the document's hashes are derived from its sentences.
      deleteHashes: new InList(db, 'DELETE FROM DocumentHash WHERE documentId = ? AND hash IN'),
      unindexed: db.prepare<[], { documentId: number }>('SELECT documentId FROM DocumentFingerprint WHERE indexed = 0 ORDER BY documentId'),
      markIndexed: db.prepare('UPDATE DocumentFingerprint SET indexed = 1 WHERE documentId = ?'),
      insertHashes: new BatchInsert(db, 'INSERT OR IGNORE INTO DocumentHash (hash, documentId)', 2, 256),
      allFingerprinted: db.prepare<[], { complete: number }>(
        'SELECT CASE WHEN (SELECT count(*) FROM Document) = (SELECT count(*) FROM DocumentFingerprint) THEN 1 ELSE 0 END AS complete',
      ),
      withoutFingerprint: db.prepare<[], { id: number }>(
        'SELECT d.id FROM Document d WHERE NOT EXISTS (SELECT 1 FROM DocumentFingerprint f WHERE f.documentId = d.id) ORDER BY d.id',
      ),
      sentences: db.prepare<[number], { text: string }>('SELECT text FROM Sentence WHERE documentId = ? ORDER BY ordinal'),
    };
    this.lookup = new HolderLookup(db);
    // Only this run writes the table (the ingest lock): empty now, it holds what this store writes.
    this.writtenOnly = db.prepare('SELECT 1 AS one FROM DocumentHash LIMIT 1').get() === undefined ? new WrittenHashes() : null;
    this.reader = readerBeside ? openReaderBeside(db) : null;
    this.committedLookup = this.reader ? new HolderLookup(this.reader) : null;
    // What a run that stopped before its last batch left: visible to lookups from the start.
    for (const r of this.stmts.unindexed.all()) this.hold(r.documentId, this.derived(r.documentId));
  }

  /** A stored document's fingerprint, from its stored sentences: what the pipeline computed from the same text. */
  private derived(documentId: number): number[] {
    return fingerprint(this.stmts.sentences.all(documentId).map((s) => s.text));
  }

  /** Hashes held in memory, waiting for the next batch. */
  get waitingHashes(): number {
    return this.waiting.size;
  }

  private hold(documentId: number, hashes: number[]): void {
    this.waiting.add(documentId, hashes);
  }

  private release(documentId: number): void {
    this.waiting.remove(documentId);
  }

  /** In the document's transaction: its fingerprint, replacing any it had. */
  put(documentId: number, hashes: number[]): void {
    this.remove(documentId);
    this.add(documentId, hashes);
  }

  /**
   * In the document's transaction: the fingerprint of a document known to have
   * none (new, or removed earlier in the transaction). Saves put's lookup: on
   * PostgreSQL a read is a wait for the server.
   */
  add(documentId: number, hashes: number[]): void {
    this.stmts.insert.run(documentId, encodeSketch(hashes), hashes.length);
    this.hold(documentId, hashes);
  }

  /**
   * In the document's transaction, before its sentences go: its fingerprint goes
   * (its text is being replaced). Its rows of the lookup table are found by the
   * hashes of the sentences still stored.
   */
  remove(documentId: number): void {
    const row = this.stmts.row.get(documentId);
    if (!row) return;
    if (row.indexed) {
      const hashes = this.derived(documentId);
      this.stmts.deleteHashes.run(hashes, documentId);
      this.removals++;
      this.removedInTransaction = true;
      // Fewer holders now: they are asked again.
      this.lookup.forget(hashes);
      this.committedLookup?.forget(hashes);
      this.onForget?.(hashes);
    }
    this.stmts.delete.run(documentId);
    this.release(documentId);
  }

  /** After a transaction that called put or remove rolled back: what is held matches the database again. */
  restore(documentId: number): void {
    this.removedInTransaction = false;
    this.release(documentId);
    const row = this.stmts.row.get(documentId);
    if (row && !row.indexed) this.hold(documentId, this.derived(documentId));
  }

  /**
   * How many of a stored document's hashes have their sketch (`sketchOf`) in `sketches`
   * (none if it has no fingerprint): which of some hashes it holds, up to a one in 2^32
   * chance for each of its hashes to match another's sketch.
   */
  countSketches(documentId: number, sketches: ReadonlySet<number>): number {
    let n = 0;
    const held = this.waiting.hashesOf(documentId);
    if (held) {
      for (const h of held) if (sketches.has(sketchOf(h))) n++;
      return n;
    }
    const row = this.stmts.sketch.get(documentId);
    if (row) for (const s of sketchValues(row.sketch)) if (sketches.has(s)) n++;
    return n;
  }

  /** A stored document's hashes, ascending (empty if it has no fingerprint); from its sentences unless held. */
  hashesOf(documentId: number): number[] {
    const held = this.waiting.hashesOf(documentId);
    if (held) return held;
    return this.stmts.row.get(documentId) ? this.derived(documentId) : [];
  }

  /**
   * The documents holding each of `hashes`, or null for a hash more than `limit` documents
   * hold (hashes no document holds are absent): the lookup table's holders (a document
   * worker's lookup where it still stands, else asked here; HolderLookup) with those of the
   * batches written since the worker's file was sent and of the hashes still waiting.
   */
  holders(hashes: number[], limit: number, prefetched?: PrefetchedHolders | null): Holders {
    const written = this.writtenOnly;
    const ask = written ? hashes.filter((h) => written.mightHold(h)) : hashes;
    this.lookedUp = this.lookedUp * LOOKUP_DECAY + hashes.length;
    this.mayBeHeld = this.mayBeHeld * LOOKUP_DECAY + ask.length;
    let out: Holders;
    if (prefetched && this.canUse(prefetched, limit)) {
      out = new Map(prefetched.holders);
      // Written after the file was sent: perhaps after the worker read.
      for (const { batch, held } of this.recent) {
        if (batch <= prefetched.batches) continue;
        for (const h of hashes) {
          const more = held.holders(h);
          if (more) mergeHolders(out, h, more, limit);
        }
      }
    } else out = this.tableLookup.holders(ask, limit);
    if (this.waiting.size > 0) {
      for (const h of hashes) {
        const held = this.waiting.holders(h);
        if (held) mergeHolders(out, h, held, limit);
      }
    }
    return out;
  }

  /**
   * Whether a worker's lookup can stand for the table's: no document's rows left the table
   * since its file was sent (the worker may have read them, or counted a clause crowded with
   * them), and the batches written since are all still kept here.
   */
  private canUse(prefetched: PrefetchedHolders, limit: number): boolean {
    return prefetched.limit === limit && prefetched.removals === this.removals && this.keepAfter !== null && prefetched.batches >= this.keepAfter;
  }

  /**
   * Whether the writer's own lookups are cheap now: the table held nothing when the run
   * began, and of the hashes of the last documents looked up (decayed, as IdleShare does) at
   * most half may be in it. The document workers then leave every lookup to the writer
   * (run.ts): theirs were the ones that cost, on the thread that is the bottleneck while
   * most clauses are new. Where most clauses are held (the 1 GB rung's reshuffled corpus)
   * the lookups are shared out as before.
   */
  get lookupsMostlyFiltered(): boolean {
    return this.writtenOnly !== null && this.mayBeHeld <= 0.5 * this.lookedUp;
  }

  /** What a worker's lookup for a file sent now is measured against (PrefetchedHolders). */
  get written(): { batches: number; removals: number } {
    return { batches: this.batches, removals: this.removals };
  }

  /**
   * Keeps the holders of the batches written after batch number `after` (null: keeps none):
   * the oldest file whose documents carry a worker's lookup was sent after that batch.
   */
  keepBatchesAfter(after: number | null): void {
    this.keepAfter = after;
    while (this.recent.length > 0 && (after === null || this.recent[0].batch <= after)) this.recent.shift();
  }

  /** After a document's commit: a batch is written when enough hashes wait. */
  flushIfFull(): void {
    this.removedInTransaction = false;
    if (this.waiting.size >= this.flushAt) this.flush();
  }

  /** The lookup that sees the table as this transaction does: the read connection's, unless the transaction took rows out. */
  private get tableLookup(): HolderLookup {
    return (!this.removedInTransaction && this.committedLookup) || this.lookup;
  }

  /** At the end of a run: the read connection goes. */
  close(): void {
    this.reader?.close();
  }

  /**
   * Writes the waiting hashes into the lookup table in hash order, and marks
   * their documents indexed, in one transaction. Returns how many hashes.
   */
  flush(): number {
    if (this.waiting.documents === 0) return 0;
    const documents = this.waiting.documentIds().sort((a, b) => a - b);
    const written = this.db
      .transaction(() => {
        const n = this.waiting.sortedPairs((flat) => {
          this.stmts.insertHashes.run(flat);
          if (this.writtenOnly) for (let i = 0; i < flat.length; i += 2) this.writtenOnly.add(flat[i]);
        });
        for (const id of documents) this.stmts.markIndexed.run(id);
        return n;
      })
      .immediate();
    this.batches++;
    if (this.keepAfter !== null) {
      this.recent.push({ batch: this.batches, held: this.waiting });
      this.waiting = new HeldHashes();
    } else this.waiting.clear();
    return written;
  }

  /**
   * Brings every stored document's fingerprint into the lookup table: those
   * stored without one (a database from before fingerprints were kept, or
   * whose hash function changed) are computed from their sentences, the same
   * input the pipeline fingerprints; then everything waiting is written.
   * Run at the start of an ingest, before any lookup. Returns how many
   * documents were fingerprinted.
   */
  catchUp(progress?: (done: number, total: number) => void): number {
    // Usually every document has its fingerprint (a fingerprint never outlives its document): two
    // counts say so without a lookup per document (0.36 s at 1 GB of text, on every run).
    const missing = this.stmts.allFingerprinted.get()!.complete ? [] : this.stmts.withoutFingerprint.all().map((r) => r.id);
    for (let i = 0; i < missing.length; i += CATCH_UP_BATCH) {
      progress?.(i, missing.length);
      const batch = missing.slice(i, i + CATCH_UP_BATCH);
      const prints = batch.map((id) => this.derived(id));
      try {
        this.db.transaction(() => batch.forEach((id, k) => this.put(id, prints[k]))).immediate();
      } catch (e) {
        for (const id of batch) this.restore(id);
        throw e;
      }
      this.flushIfFull();
    }
    if (missing.length > 0) progress?.(missing.length, missing.length);
    this.flush();
    return missing.length;
  }
}
