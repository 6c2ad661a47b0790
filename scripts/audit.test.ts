import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const SEED = 'data/samples/000_ce7623e9653b5579.txt';

function audit(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/audit.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run audit', () => {
  it('prints per-document lines and a summary for the seed, storing nothing', () => {
    const r = audit('--quiet', SEED);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`== ${SEED}`);
    expect(r.stdout).toMatch(/quotes +17 pairs by regex: 17 found, 0 excluded, 0 missed/);
    expect(r.stdout).toMatch(/removed +pinyin annotations \d+/);
    expect(r.stdout).toMatch(/== summary[\s\S]*undated +0[\s\S]*duplicates +0 likely pairs/);
  });

  it('gives the same as JSON, and nothing else, on stdout', () => {
    const r = audit('--json', SEED);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { documents: Array<{ title: string; quotes: { found: number } }>; summary: { documents: number; undated: unknown[] } };
    expect(out.documents).toHaveLength(1);
    expect(out.documents[0].quotes.found).toBe(17);
    expect(out.summary).toMatchObject({ documents: 1, undated: [] });
  });

  it('answers --help, and bad arguments with a usage message and exit code 2', () => {
    const help = audit('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run audit/);
    for (const args of [[], ['--bogus', SEED], ['--format', 'pdf', SEED], ['no/such/file.txt']]) {
      const r = audit(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^audit: .*\n\nUsage: npm run audit/);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
  });
});
