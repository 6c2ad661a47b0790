// The PostgreSQL side of lib/db/postgres.ts's synchronous connection: a worker
// thread (synckit) that owns the pg clients and runs a batch of statements
// (the writes queued by a transaction, then the query whose rows are wanted)
// while the calling thread waits. Plain JavaScript, so that it loads the same
// under tsx, vitest and next start.
//
// A batch is pipelined: every statement is on the wire before the first
// answer comes back, so it costs one round trip to the server, not one per
// statement. Statements that come back often are prepared once per
// connection (named): the server then skips parsing and planning them.
import pg from 'pg';
import { runAsWorker } from 'synckit';
import { postgresTypes } from './pg-types.mjs';

/** id → { client, names: Map<sql, statement name>, prepared: statements prepared so far } */
const connections = new Map();

/** Statements prepared per connection at most; beyond, the rest are sent unnamed. */
const MAX_PREPARED = 1000;
/**
 * Long multi-row inserts are not prepared (few calls each, and large plans to
 * keep), nor texts without parameters (they may hold several statements, which
 * only the simple protocol takes).
 */
const MAX_PREPARED_PARAMS = 200;

function toParam(v) {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

function nameOf(connection, sql, params) {
  if (params.length === 0 || params.length > MAX_PREPARED_PARAMS) return undefined;
  let name = connection.names.get(sql);
  if (name === undefined && connection.names.size < MAX_PREPARED) {
    name = `tifa_${++connection.prepared}`;
    connection.names.set(sql, name);
  }
  return name;
}

function failure(e, at) {
  return { error: { message: e.message, code: e.code, detail: e.detail, at } };
}

runAsWorker(async (message) => {
  try {
    if (message.op === 'open') {
      // Prepared statements follow PostgreSQL's default plan caching (planned
      // for their values a few times, then a generic plan if it is as good).
      // Forcing a plan per execution (plan_cache_mode) also re-planned every
      // foreign-key check of every inserted row: a third of the server's CPU in
      // an ingest. What that guarded against, generic plans made while an
      // ingest's tables were nearly empty, is handled by analyzing tables as
      // the connection grows them (postgres.ts): an ANALYZE invalidates the
      // cached plans of its table.
      const client = new pg.Client({
        connectionString: message.url,
        types: postgresTypes,
        application_name: message.name ?? 'tifa',
        pipeline: true,
      });
      client.on('error', () => {});
      await client.connect();
      connections.set(message.id, { client, names: new Map(), prepared: 0 });
      return { ok: true };
    }
    const connection = connections.get(message.id);
    if (!connection) return { error: { message: 'the PostgreSQL connection is closed' } };
    const { client } = connection;
    if (message.op === 'close') {
      connections.delete(message.id);
      await client.end();
      return { ok: true };
    }
    if (message.op === 'forget') {
      // After migrations: a statement prepared before may name a table whose
      // columns changed. Later ones are prepared again, under new names.
      connection.names.clear();
      return { ok: true };
    }
    // Inside a transaction, a failed statement makes the server refuse the
    // ones after it; the first error is the one reported (the caller rolls back).
    const sent = message.items.map((item) => {
      if (item.simple) return client.query(item.sql);
      const params = item.params ?? [];
      return client.query({ name: nameOf(connection, item.sql, params), text: item.sql, values: params.map(toParam) });
    });
    const settled = await Promise.allSettled(sent);
    const results = [];
    for (let i = 0; i < settled.length; i++) {
      const s = settled[i];
      if (s.status === 'rejected') return failure(s.reason, i);
      const item = message.items[i];
      if (item.simple) {
        results.push({ rowCount: 0, lastId: null });
        continue;
      }
      const r = s.value;
      const last = r.rows?.length ? r.rows[r.rows.length - 1].id : undefined;
      results.push({ rowCount: r.rowCount ?? 0, lastId: last === undefined || last === null ? null : Number(last), rows: item.rows ? r.rows : undefined });
    }
    return { results };
  } catch (e) {
    return failure(e);
  }
});
