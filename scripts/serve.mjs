/**
 * node scripts/serve.mjs [-p PORT] [-H HOSTNAME] : serves the built app, like
 * `next start`, behind one check Next.js cannot make itself: a request whose
 * method it cannot represent (TRACE and TRACK, which fetch's Request refuses,
 * CONNECT, WebDAV's PROPFIND…) gets 405 here instead of a 500 from inside the
 * framework; and a client-side navigation whose router state header Next.js
 * cannot parse gets 400 here, where Next.js would answer 500. Everything else
 * (pages, route handlers, proxy.ts) is Next.js's own request handler, behind the rendered-page cache (lib/serve/page-cache.mjs):
 * an anonymous reader's page is rendered once per change of the database, not
 * once per request. TIFA_PAGE_CACHE_MB sets its size (default 32; 0 turns it off).
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
// Next.js's own check of the router state header, so that what it would answer with a 500 is a 400 here.
import { parseAndValidateFlightRouterState } from 'next/dist/server/app-render/parse-and-validate-flight-router-state.js';
import { PageCache } from '../lib/serve/page-cache.mjs';
import { openDataVersion } from '../lib/serve/data-version.mjs';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const ALLOW = [...METHODS].join(', ');

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT || '3000' },
    hostname: { type: 'string', short: 'H' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`serve: the port must be a number from 1 to 65535, not "${values.port}"`);
  process.exit(2);
}

const cacheMb = Number(process.env.TIFA_PAGE_CACHE_MB ?? 32);
if (!Number.isFinite(cacheMb) || cacheMb < 0) {
  console.error(`serve: TIFA_PAGE_CACHE_MB must be a number of megabytes (0 turns the cache off), not "${process.env.TIFA_PAGE_CACHE_MB}"`);
  process.exit(2);
}
const pages = new PageCache({ maxBytes: Math.round(cacheMb * 1024 * 1024) });
const dataVersion = pages.enabled ? await openDataVersion() : null;

const app = next({ dev: false, dir: process.cwd(), hostname: values.hostname ?? 'localhost', port });
await app.prepare();
const handle = app.getRequestHandler();

/** Whether Next.js can read a request's Next-Router-State-Tree header (its client router sends it on navigations). */
function routerStateOk(req) {
  const header = req.headers['next-router-state-tree'];
  if (header === undefined) return true;
  try {
    parseAndValidateFlightRouterState(header);
    return true;
  } catch {
    return false;
  }
}

function badRequest(res, message) {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`Bad request: ${message}\n`);
}

function refuse(res, method) {
  res.writeHead(405, { Allow: ALLOW, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${method} is not supported.\n`);
}

async function serve(req, res) {
  // The page cache answers, or records what Next.js renders for the next reader.
  if (dataVersion && (await pages.answer(req, res, () => dataVersion.current()))) return;
  await handle(req, res);
}

const server = http.createServer((req, res) => {
  if (!METHODS.has(req.method ?? '')) return refuse(res, req.method);
  if (!routerStateOk(req)) return badRequest(res, 'the Next-Router-State-Tree header is not a router state.');
  serve(req, res).catch((e) => {
    console.error(e);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Internal error.\n');
  });
});
// CONNECT does not reach the request handler: answer it on the raw socket.
server.on('connect', (req, socket) => {
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOW}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
});
server.keepAliveTimeout = 65_000;
server.listen(port, values.hostname, () => {
  console.log(`serve: ready on http://${values.hostname ?? 'localhost'}:${port}`);
});
const stop = () => server.close(() => {
  dataVersion?.close();
  process.exit(0);
});
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
