// The PostgreSQL side of lib/db/postgres.ts's synchronous connection: a worker
// thread (synckit) that owns the pg clients and answers one query at a time
// while the calling thread waits. Plain JavaScript, so that it loads the same
// under tsx, vitest and next start.
import pg from 'pg';
import { runAsWorker } from 'synckit';
import { postgresTypes } from './pg-types.mjs';

const clients = new Map();

function toParam(v) {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

runAsWorker(async (message) => {
  try {
    if (message.op === 'open') {
      const client = new pg.Client({ connectionString: message.url, types: postgresTypes, application_name: message.name ?? 'tifa' });
      client.on('error', () => {});
      await client.connect();
      clients.set(message.id, client);
      return { ok: true };
    }
    const client = clients.get(message.id);
    if (!client) return { error: { message: 'the PostgreSQL connection is closed' } };
    if (message.op === 'close') {
      clients.delete(message.id);
      await client.end();
      return { ok: true };
    }
    if (message.op === 'exec') {
      await client.query(message.sql);
      return { ok: true };
    }
    const r = await client.query({ text: message.sql, values: (message.params ?? []).map(toParam) });
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  } catch (e) {
    return { error: { message: e.message, code: e.code, detail: e.detail } };
  }
});
