// The rendered-page cache of scripts/serve.mjs (plain JavaScript: it runs
// beside Next.js's request handler, before the app's bundle is loaded).
//
// Why: a reader's page is the same for every anonymous reader until the data
// changes, and rendering it is most of a request's cost (the entry of a top
// phrase takes ~7 ms of data reads and ~40 ms of React rendering). So a
// rendered page is kept, keyed by its URL and the reader's script, and served
// again as long as the database has not changed since it was rendered.
//
// What makes a kept page valid is a version token (see data-version.mjs): the
// database's own change counter (SQLite's PRAGMA data_version, PostgreSQL's
// WAL position), plus the search-index generation this server has loaded. Any
// commit by anyone (an editor's note, an ingest on another machine) changes
// the token, and every page rendered before it is a miss from then on. A page
// is kept only if the token was the same before and after it was rendered.
//
// Client-side navigations and prefetches (the header's links) ask for the
// page's flight data with router headers: those are kept too, keyed on the
// headers Next.js varies on. What is never cached: signed-in readers (their
// pages carry edit forms), anything but GET, the API, Next.js's own assets,
// responses other than 200, responses that set a cookie, and a request that
// asks for a fresh page
// (Cache-Control: no-cache, as a browser's reload sends): that one is
// rendered, and replaces the kept copy.
//
// Each response carries a fresh CSP nonce (proxy.ts): a kept page is stored
// split at its nonce, and every hit is joined with a new one, in the body and
// in the Content-Security-Policy header alike. So that a hit does not
// compress the whole page again, each part is kept compressed on its own
// (see gzipJoin): a hit compresses only the nonce.
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw);
const DECODERS = { gzip: promisify(zlib.gunzip), br: promisify(zlib.brotliDecompress), deflate: promisify(zlib.inflate) };

/** Cookies a page depends on: the session (never cached) and the reader's script (part of the key). */
export const SESSION_COOKIE = 'tifa_session';
export const SCRIPT_COOKIE = 'tifa-script';

/**
 * Request headers Next.js varies a page's response on (its own Vary header):
 * a client-side navigation or prefetch (RSC: 1) gets the page's flight data
 * for the router state it names. They are part of the key.
 */
const ROUTER_HEADERS = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-url'];

/** Response headers not kept: per-connection, per-response, or rewritten on each hit. */
const TRANSIENT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'x-tifa-cache']);

/** Kept pages are HTML, their flight data (client-side navigations) and feeds; anything else (downloads, images) streams as before. */
const KEPT_TYPES = /^(text\/html|text\/x-component|application\/atom\+xml)\b/i;

/** One page larger than this is not kept (a long outline), so a few pages cannot fill the cache. */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

function cookieValue(header, name) {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * The cache key of a request, or null when the request's page must be rendered
 * for it alone. `req` is a Node IncomingMessage (method, url, headers).
 */
export function pageKey(req) {
  if (req.method !== 'GET') return null;
  const url = req.url ?? '/';
  if (url.startsWith('/api/') || url === '/api' || url.startsWith('/_next/')) return null;
  const h = req.headers;
  // A server action is a POST; a GET naming one is not a page either.
  if (h['next-action'] !== undefined) return null;
  const cookies = h.cookie;
  if (cookieValue(cookies, SESSION_COOKIE) !== undefined) return null;
  const script = cookieValue(cookies, SCRIPT_COOKIE) ?? '';
  const router = ROUTER_HEADERS.map((name) => h[name] ?? '').join('\u0001');
  return `${script}\u0000${url}\u0000${router}`;
}

/** Whether the request asks for a freshly rendered page (a reload, or a benchmark of rendering). */
export function wantsFresh(req) {
  const cc = String(req.headers['cache-control'] ?? '') + ',' + String(req.headers.pragma ?? '');
  return /(^|[,\s])(no-cache|no-store|max-age=0)\b/i.test(cc);
}

/** Whether the client takes gzip (every browser does). */
function acceptsGzip(req) {
  return /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
}

/** The nonce a response's CSP header names, if any. */
export function nonceOf(csp) {
  const m = /'nonce-([^']+)'/.exec(String(csp ?? ''));
  return m ? m[1] : null;
}

/** A fresh nonce in proxy.ts's format. */
export function freshNonce() {
  return Buffer.from(randomUUID()).toString('base64');
}

/** The body split at every occurrence of the nonce (one part when there is none). */
export function splitAt(body, nonce) {
  if (!nonce) return [body];
  const needle = Buffer.from(nonce);
  const parts = [];
  let from = 0;
  for (let i = body.indexOf(needle, from); i !== -1; i = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, i));
    from = i + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** The parts joined with a nonce. */
export function joinWith(parts, nonce) {
  if (parts.length === 1) return parts[0];
  const glue = Buffer.from(nonce ?? '');
  const out = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(glue);
    out.push(p);
  });
  return Buffer.concat(out);
}

/**
 * Deflate segments that can be concatenated: each ends with a full flush
 * (byte-aligned, history reset), so none refers back into another, and the
 * stream is closed by one final empty block.
 */
const SEGMENT = { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH };
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** The parts, each compressed on its own, for gzipJoin. */
export function deflateParts(parts) {
  return Promise.all(parts.map((p) => deflateRaw(p, SEGMENT)));
}

/**
 * The gzip of `joinWith(parts, nonce)`, from the parts compressed beforehand:
 * only the nonce is compressed here, and the CRC is taken over the text.
 */
export function gzipJoin(parts, deflated, nonce) {
  const glue = Buffer.from(nonce ?? '');
  const glueDeflated = zlib.deflateRawSync(glue, SEGMENT);
  const out = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  parts.forEach((p, i) => {
    if (i > 0) {
      out.push(glueDeflated);
      crc = zlib.crc32(glue, crc);
      size += glue.length;
    }
    out.push(deflated[i]);
    crc = zlib.crc32(p, crc);
    size += p.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(FINAL_BLOCK, trailer);
  return Buffer.concat(out);
}

/**
 * A byte-bounded LRU of rendered pages. An entry is valid for one version
 * token, and for at most `ttlMs` (so an in-process aggregate cached by the app
 * with its own expiry is not outlived by the page it went into).
 */
export class PageCache {
  constructor({ maxBytes = 32 * 1024 * 1024, ttlMs = 10 * 60 * 1000 } = {}) {
    this.maxBytes = maxBytes;
    this.ttlMs = ttlMs;
    this.bytes = 0;
    /** @type {Map<string, {version: string, at: number, status: number, headers: Record<string, string | string[]>, parts: Buffer[], deflated: Buffer[], bytes: number}>} */
    this.entries = new Map();
    /** Renders under way, by key and version: readers who ask meanwhile wait for them instead of rendering too. */
    this.rendering = new Map();
    this.stats = { hits: 0, misses: 0, stored: 0, evicted: 0 };
  }

  get enabled() {
    return this.maxBytes > 0;
  }

  /** The kept page for `key` rendered at `version`, or undefined. */
  get(key, version, now = Date.now()) {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== version || now - e.at > this.ttlMs) {
      this.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key, entry, now = Date.now()) {
    this.delete(key);
    if (entry.bytes > MAX_PAGE_BYTES || entry.bytes > this.maxBytes) return;
    this.entries.set(key, { ...entry, at: now });
    this.bytes += entry.bytes;
    this.stats.stored++;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
      this.stats.evicted++;
    }
  }

  delete(key) {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  /**
   * Answers `req` from the cache when it can (true); otherwise (false) sets up
   * the response to be kept for the next reader, and the caller renders it.
   * `currentVersion` resolves to the version token (data-version.mjs).
   */
  async answer(req, res, currentVersion) {
    const key = pageKey(req);
    if (key === null) return false;
    const version = await currentVersion();
    if (version === null) return false;
    if (!wantsFresh(req)) {
      // Kept, or being rendered for another reader right now (after a write, a popular page is asked for by many at once).
      const entry = this.get(key, version) ?? (await this.pending(key, version));
      if (entry) {
        this.send(req, res, entry);
        return true;
      }
    }
    this.record(res, key, version, currentVersion);
    return false;
  }

  /** The render of `key` at `version` under way, if any: resolves to its kept page, or null if it is not kept. */
  pending(key, version) {
    return this.rendering.get(`${version}\u0000${key}`);
  }

  /** Answers `req` from a kept page, with a fresh nonce. */
  send(req, res, entry) {
    this.stats.hits++;
    const nonce = freshNonce();
    const headers = {};
    for (const [k, v] of Object.entries(entry.headers)) {
      headers[k] = k === 'content-security-policy' ? String(v).replace(/'nonce-[^']+'/g, `'nonce-${nonce}'`) : v;
    }
    let body;
    if (acceptsGzip(req)) {
      body = gzipJoin(entry.parts, entry.deflated, nonce);
      headers['content-encoding'] = 'gzip';
    } else body = joinWith(entry.parts, nonce);
    headers['content-length'] = String(body.length);
    headers['x-tifa-cache'] = 'hit';
    res.writeHead(entry.status, headers);
    res.end(body);
  }

  /**
   * Follows the response Next.js writes for `req` (passing everything through
   * unchanged) and keeps it under `key` if it is a whole 200 page rendered at
   * `version`, and `currentVersion()` still says `version` when it ends.
   */
  record(res, key, version, currentVersion) {
    this.stats.misses++;
    res.setHeader('x-tifa-cache', 'miss');
    const slot = `${version}\u0000${key}`;
    let settle = () => {};
    if (!this.rendering.has(slot)) {
      const done = new Promise((resolve) => (settle = resolve));
      this.rendering.set(slot, done);
      done.then(() => this.rendering.delete(slot));
    }
    // Whatever happens to this response (aborted, not a page, not kept), the waiters go on.
    res.once('close', () => queueMicrotask(() => res.writableFinished || settle(null)));
    const chunks = [];
    let size = 0;
    let tooBig = false;
    let inlineHeaders = null;
    const take = (chunk, encoding) => {
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const b = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
      size += b.length;
      if (size > MAX_PAGE_BYTES) {
        tooBig = true;
        chunks.length = 0;
      } else chunks.push(b);
    };
    const { writeHead, write, end } = res;
    res.writeHead = function (status, ...rest) {
      const h = rest.find((a) => a && typeof a === 'object');
      if (h) inlineHeaders = Array.isArray(h) ? null : h;
      return writeHead.call(this, status, ...rest);
    };
    res.write = function (chunk, encoding, cb) {
      take(chunk, encoding);
      return write.call(this, chunk, encoding, cb);
    };
    res.end = function (chunk, encoding, cb) {
      take(chunk, encoding);
      return end.call(this, chunk, encoding, cb);
    };
    res.once('finish', () => {
      const kept = this.keep(res, key, version, currentVersion, { tooBig, chunks, inlineHeaders });
      kept.then(settle, () => settle(null));
    });
  }

  /** Keeps a finished response, if it is a whole 200 page still at `version`; resolves to the entry or null. */
  async keep(res, key, version, currentVersion, { tooBig, chunks, inlineHeaders }) {
    if (tooBig || res.statusCode !== 200) return null;
    const all = { ...res.getHeaders() };
    if (inlineHeaders) for (const [k, v] of Object.entries(inlineHeaders)) all[k.toLowerCase()] = v;
    if (all['set-cookie'] !== undefined || !KEPT_TYPES.test(String(all['content-type'] ?? ''))) return null;
    const encoding = String(all['content-encoding'] ?? 'identity').toLowerCase();
    const decode = encoding === 'identity' ? null : DECODERS[encoding];
    if (encoding !== 'identity' && !decode) return null;
    const raw = Buffer.concat(chunks);
    const body = decode ? await decode(raw) : raw;
    if ((await currentVersion()) !== version) return null;
    const headers = {};
    for (const [k, v] of Object.entries(all)) if (!TRANSIENT_HEADERS.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v : String(v);
    const parts = splitAt(body, nonceOf(headers['content-security-policy']));
    const deflated = await deflateParts(parts);
    const bytes = body.length + deflated.reduce((n, d) => n + d.length, 0);
    this.set(key, { version, status: 200, headers, parts, deflated, bytes });
    return this.entries.get(key) ?? null;
  }
}
