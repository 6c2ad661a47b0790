/**
 * Page timing shared by `npm run bench` and `npm run bench:scale`: the server
 * `npm start` runs (scripts/serve.mjs, with its page cache), closed-loop
 * clients asking as a browser does (gzip), time to first byte.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface PageTiming {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
}

/** A page measured twice: as readers get it (from the page cache once rendered), and rendered on every request. */
export interface PageBench extends PageTiming {
  name: string;
  url: string;
  /** The same URLs with Cache-Control: no-cache: every request rendered, none served from the page cache. */
  rendered: PageTiming;
}

/** What a browser sends; `fresh` adds a reload's no-cache. */
export function requestHeaders(fresh: boolean): http.OutgoingHttpHeaders {
  return { 'Accept-Encoding': 'gzip', ...(fresh ? { 'Cache-Control': 'no-cache' } : {}) };
}

/** `clients` concurrent keep-alive loops for `seconds` over the URLs in turn, timing the first byte of each response. */
export async function load(urls: string | string[], clients: number, seconds: number, headers = requestHeaders(false)): Promise<{ ttfb: number[]; errors: number }> {
  const list = Array.isArray(urls) ? urls : [urls];
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const ttfb: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const url = list[next++ % list.length];
      const t = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.once('data', () => ttfb.push(performance.now() - t));
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          resolve();
        });
        res.resume();
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  agent.destroy();
  return { ttfb, errors };
}

/** Waits until `url` answers without a server error. */
export async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get(url, (res) => (res.resume(), resolve((res.statusCode ?? 500) < 500))).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not answer at ${url}`);
}

/** Each URL once (to render and keep it), then timed served and rendered. */
export async function timePage(name: string, urls: string[], clients: number, seconds: number): Promise<PageBench> {
  for (const u of urls) await load(u, 1, 0.001);
  const timing = async (fresh: boolean): Promise<PageTiming> => {
    const { ttfb, errors } = await load(urls, clients, seconds, requestHeaders(fresh));
    ttfb.sort((a, b) => a - b);
    return { requests: ttfb.length, errors, p50: percentile(ttfb, 50), p95: percentile(ttfb, 95) };
  };
  const served = await timing(false);
  const rendered = await timing(true);
  return { name, url: urls[0], ...served, rendered };
}

/** The server `npm start` runs, on `databaseUrl`, in a process group of its own (stopServer ends it). */
export function startServer(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, [path.join('scripts', 'serve.mjs'), '-p', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stdio: 'ignore',
    detached: true,
  });
}

export function stopServer(server: ChildProcess): void {
  try {
    process.kill(-server.pid!, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

/** A process's peak and current resident memory in MB, from /proc (Linux); null elsewhere. */
export function processMemory(pid: number): { peakMb: number; rssMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

/** One line of a page table: served and rendered side by side. */
export function pageRow(p: PageBench, width = 48): string {
  const f = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(1));
  const r = p.rendered;
  return `  ${p.name.padEnd(width)} ${String(p.requests).padStart(8)} ${f(p.p50).padStart(8)} ${f(p.p95).padStart(8)} │ ${String(r.requests).padStart(16)} ${f(r.p50).padStart(8)} ${f(r.p95).padStart(8)} │ ${String(p.errors + r.errors).padStart(6)}`;
}

export function pageHeader(clients: number, seconds: number, width = 48): string {
  return `${`pages (${clients} concurrent clients, ${seconds} s each)`.padEnd(width + 2)} served: requests   p50 ms   p95 ms │ rendered: requests   p50 ms   p95 ms │ errors`;
}

export const PAGE_FOOTNOTE = '  (served: as readers get pages, from the page cache once rendered; rendered: Cache-Control: no-cache, every request rendered)';
