// node e2e/postgres-database.mjs ADMIN_URL NAME : (re)creates an empty database
// NAME (C.UTF-8, as Tifa needs) on the server of ADMIN_URL and prints its URL.
// Used by the end-to-end configurations that run on PostgreSQL.
import pg from 'pg';

const [admin, name] = process.argv.slice(2);
if (!admin || !/^[a-z_][a-z0-9_]*$/.test(name ?? '')) {
  console.error('Usage: node e2e/postgres-database.mjs ADMIN_URL NAME');
  process.exit(2);
}
const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
await client.end();
const url = new URL(admin);
url.pathname = `/${name}`;
console.log(url.toString());
