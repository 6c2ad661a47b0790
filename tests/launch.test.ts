/**
 * scripts/launch.cjs: `npm run ingest` runs from a bundle built when the sources are newer
 * than it, kept in a cache folder (here a temporary one), with its worker threads' bundle
 * beside it; through tsx when told not to bundle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const SEED = path.join(ROOT, 'data', 'samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-launch-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cache = path.join(tmp, 'cache');
const current = path.join(cache, 'current.json');

type Current = { bundles: Record<string, { root: string; dir: string; startedAt: number; inputs: string[] }> };
const readCurrent = () => JSON.parse(fs.readFileSync(current, 'utf8')) as Current;

function launch(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'launch.cjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TIFA_SCRIPTS_CACHE: cache, TIFA_NO_BUNDLE: '', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/launch.cjs', () => {
  it('builds the bundle on first use, records what it was built from, and runs the script', () => {
    const r = launch(['ingest', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run ingest/);
    const entry = readCurrent().bundles.ingest;
    expect(entry.inputs).toEqual(expect.arrayContaining(['scripts/ingest.ts', 'lib/ingest/run.ts', 'lib/ingest/worker.ts']));
    expect(fs.readdirSync(path.join(cache, entry.dir)).sort()).toEqual(['ingest-worker.cjs', 'ingest.cjs']);
  });

  it('reuses a bundle newer than its sources, and builds again once one is newer', () => {
    const before = readCurrent().bundles.ingest;
    expect(launch(['ingest', '--help']).status).toBe(0);
    expect(readCurrent().bundles.ingest.startedAt).toBe(before.startedAt);
    // As if a source had changed after the build: built again (the same files, so the same folder).
    fs.writeFileSync(current, JSON.stringify({ bundles: { ingest: { ...before, startedAt: 0 } } }));
    expect(launch(['ingest', '--help']).status).toBe(0);
    const after = readCurrent().bundles.ingest;
    expect(after.startedAt).toBeGreaterThan(0);
    expect(after.dir).toBe(before.dir);
  });

  it('builds again when the project has moved (the bundle requires native packages by their paths)', () => {
    const before = readCurrent().bundles.ingest;
    fs.writeFileSync(current, JSON.stringify({ bundles: { ingest: { ...before, root: '/somewhere/else' } } }));
    expect(launch(['ingest', '--help']).status).toBe(0);
    expect(readCurrent().bundles.ingest).toMatchObject({ root: ROOT, dir: before.dir });
    expect(readCurrent().bundles.ingest.startedAt).toBeGreaterThan(before.startedAt);
  });

  it('builds again when a folder it names is gone', () => {
    const before = readCurrent().bundles.ingest;
    fs.rmSync(path.join(cache, before.dir), { recursive: true });
    expect(launch(['ingest', '--help']).status).toBe(0);
    expect(fs.existsSync(path.join(cache, readCurrent().bundles.ingest.dir, 'ingest.cjs'))).toBe(true);
  });

  it('ingests the seed from the bundle, its worker thread loaded from the bundle beside it', () => {
    const db = path.join(tmp, 'seed.db');
    const r = launch(['ingest', '--quiet', '--workers', '1', SEED], { DATABASE_URL: `file:${db}` });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ingest: 1 added, 0 updated, 0 skipped, 0 failed; \d+ sections/);
    // Again: nothing changed.
    expect(launch(['ingest', '--quiet', SEED], { DATABASE_URL: `file:${db}` }).stdout).toMatch(/^ingest: 0 added, 0 updated, 1 skipped/);
  });

  it('runs the script through tsx when TIFA_NO_BUNDLE is set, without a cache', () => {
    const elsewhere = path.join(tmp, 'unused-cache');
    const r = launch(['ingest', '--help'], { TIFA_NO_BUNDLE: '1', TIFA_SCRIPTS_CACHE: elsewhere });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run ingest/);
    expect(fs.existsSync(elsewhere)).toBe(false);
  });

  it('answers an unknown script with its usage and exit code 2', () => {
    const r = launch(['no-such-script']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Usage: node scripts\/launch\.cjs ingest/);
  });
});
