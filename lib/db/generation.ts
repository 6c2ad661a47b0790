/**
 * How an app server learns that an ingest, on any server, stored a new
 * search-index generation, without asking the database on every search.
 *
 * On PostgreSQL the ingest announces the generation with pg_notify in the
 * transaction that stores it (PostgreSQL delivers it at the commit, and not at
 * all on a rollback), and each server LISTENs on a connection of its own. What
 * bypasses the announcement (a restore, a connection lost for a while) is
 * caught by reading the stored generation again at most every
 * RECHECK_MS, and whenever the listening connection is down.
 *
 * On SQLite there is nothing to listen to: the generation is read per search,
 * in process, for a few microseconds.
 */
import pg from 'pg';
import { providerOf } from './dialect';

/** The channel of the announcements. */
export const GENERATION_CHANNEL = 'tifa_search_generation';
/** Longest a server trusts the announcements alone. */
const RECHECK_MS = 30_000;
/** Pause before listening again after the connection was lost. */
const RECONNECT_MS = 1_000;

interface Writer {
  prepare(sql: string): { run(...params: unknown[]): unknown };
}

/** Inside the transaction that stores `generation`: tells every listening server, at the commit. */
export function announceGeneration(db: Writer, generation: string): void {
  if (providerOf(db) !== 'postgresql') return;
  db.prepare('SELECT pg_notify(?, ?)').run(GENERATION_CHANNEL, generation);
}

export interface GenerationWatch {
  /**
   * The stored generation as last announced or read (null: none stored), or
   * undefined when it should be read from the database now (not listening, or
   * not read for RECHECK_MS). Reading it resets that clock: see `seen`.
   */
  current(): string | null | undefined;
  /** The caller read the stored generation itself (with `current()` undefined). */
  seen(generation: string | null): void;
  /** Every generation announced so far, oldest first (tests). */
  readonly announced: string[];
  close(): Promise<void>;
}

/** Watches the generation of the PostgreSQL database `db` is connected to; null on SQLite. */
export function watchGeneration(db: unknown): GenerationWatch | null {
  if (providerOf(db) !== 'postgresql') return null;
  return new Listener((db as { url: string }).url);
}

class Listener implements GenerationWatch {
  private client: pg.Client | null = null;
  private listening = false;
  private generation: string | null = null;
  private checkedAt = 0;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  readonly announced: string[] = [];

  constructor(private readonly url: string) {
    void this.connect();
  }

  current(): string | null | undefined {
    if (!this.listening || Date.now() - this.checkedAt > RECHECK_MS) return undefined;
    return this.generation;
  }

  seen(generation: string | null): void {
    this.generation = generation;
    this.checkedAt = Date.now();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'tifa-listen' });
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = null;
      client.end().catch(() => {});
      if (!this.closed) {
        this.timer = setTimeout(() => void this.connect(), RECONNECT_MS);
        this.timer.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel !== GENERATION_CHANNEL || n.payload === undefined) return;
      this.announced.push(n.payload);
      this.seen(n.payload);
    });
    try {
      await client.connect();
      // Not kept alive by this connection: a script's process may still exit.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      await client.query(`LISTEN ${GENERATION_CHANNEL}`);
      // Read after LISTEN: an update committed in between is announced, not missed.
      const r = await client.query(`SELECT value FROM "SearchMeta" WHERE key = 'generation'`);
      if (this.client !== client) return;
      this.seen((r.rows[0]?.value as string | undefined) ?? null);
      this.listening = true;
    } catch {
      lost();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
