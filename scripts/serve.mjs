/**
 * node scripts/serve.mjs [-p PORT] [-H HOSTNAME] : serves the built app, like
 * `next start`, behind one check Next.js cannot make itself: a request whose
 * method it cannot represent (TRACE and TRACK, which fetch's Request refuses,
 * CONNECT, WebDAV's PROPFIND…) gets 405 here instead of a 500 from inside the
 * framework. Everything else (pages, route handlers, proxy.ts) is Next.js's
 * own request handler.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

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

const app = next({ dev: false, dir: process.cwd(), hostname: values.hostname ?? 'localhost', port });
await app.prepare();
const handle = app.getRequestHandler();

function refuse(res, method) {
  res.writeHead(405, { Allow: ALLOW, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${method} is not supported.\n`);
}

const server = http.createServer((req, res) => {
  if (!METHODS.has(req.method ?? '')) return refuse(res, req.method);
  handle(req, res).catch((e) => {
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
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
