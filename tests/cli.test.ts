/**
 * The command lines as a user runs them: --help everywhere, usage and exit code
 * 2 for a bad argument (never a stack trace), export to stdout that parses
 * when run as the README shows, a missing path among several skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SEED = path.join(ROOT, 'data', 'samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const db = path.join(tmp, 'cli.db');
const env = { ...process.env, DATABASE_URL: 'file:' + db, TIFA_DEBUG: '' };

/** The npm scripts and their files (package.json "scripts"). */
const SCRIPTS: Record<string, string> = {
  start: 'scripts/start.ts',
  ingest: 'scripts/ingest.ts',
  audit: 'scripts/audit.ts',
  export: 'scripts/export.ts',
  users: 'scripts/users.ts',
  import: 'scripts/import.ts',
  backup: 'scripts/backup.ts',
  restore: 'scripts/restore.ts',
  'import-editorial': 'scripts/import-editorial.ts',
  bench: 'scripts/bench.ts',
  'bench:ingest': 'scripts/bench-ingest.ts',
  'bench:scale': 'scripts/bench-scale.ts',
  'build:fold-table': 'scripts/build-fold-table.ts',
  'db:postgres': 'scripts/db-postgres.ts',
  'migrate-to': 'scripts/migrate-to.ts',
};

/** The scripts package.json runs from a bundle (scripts/launch.cjs). */
const LAUNCHED = new Set(
  Object.entries((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts)
    .filter(([, cmd]) => / scripts\/launch\.cjs /.test(cmd))
    .map(([name]) => name),
);

/** A script run as its npm command runs it (from its bundle, or through tsx), without npm. */
function script(name: string, args: string[], extraEnv: Record<string, string> = {}) {
  const command = LAUNCHED.has(name) ? [path.join(ROOT, 'scripts', 'launch.cjs'), name, ...args] : [SCRIPTS[name], ...args];
  const r = spawnSync(LAUNCHED.has(name) ? process.execPath : TSX, command, { cwd: ROOT, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As the README shows it: through npm. */
function npm(args: string[]) {
  const r = spawnSync('npm', args, { cwd: ROOT, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /\n\s+at .+:\d+:\d+/;

it('every npm script with a file in scripts/ is covered here', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  // Run by tsx's command, or from a bundle by scripts/launch.cjs, Node's flags before it
  // (`node --max-semi-space-size=4 scripts/launch.cjs ingest`: scripts/ingest.ts).
  const runner = /^(exec )?tsx /;
  const launcher = /^node (--\S+ )*scripts\/launch\.cjs (\S+)$/;
  const withFiles = Object.entries(pkg.scripts).flatMap(([n, cmd]): Array<[string, string]> => {
    if (runner.test(cmd) && / scripts\//.test(cmd)) return [[n, cmd.replace(runner, '')]];
    const launched = launcher.exec(cmd);
    return launched ? [[n, `scripts/${launched[2]}.ts`]] : [];
  });
  expect(Object.fromEntries(withFiles)).toEqual(SCRIPTS);
});

describe.each(Object.keys(SCRIPTS))('npm run %s', (name) => {
  it('prints its usage for --help and exits 0', () => {
    const r = script(name, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm /);
  });

  it('answers an unknown option with the usage and exit code 2, without a stack trace', () => {
    const r = script(name, ['--no-such-option']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--no-such-option'/);
    expect(r.stderr).toMatch(/Usage: npm /);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
  });
});

describe('bad arguments', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['ingest', [], /name at least one file/],
    ['ingest', ['--workers', 'x', 'data'], /--workers must be a whole number/],
    ['ingest', ['--format', 'pdf', 'data'], /--format must be txt, md, jsonl or csv/],
    ['ingest', ['--format'], /argument missing/],
    ['export', ['--format', 'xml'], /--format must be json, csv or tbx/],
    ['export', ['--editorial', '--format', 'csv'], /--editorial writes JSON only/],
    ['export', ['stray'], /unexpected argument "stray"/],
    ['backup', [], /--out FILE/],
    ['restore', [], /name the backup file/],
    ['restore', ['a.db', 'b.db'], /name one backup file/],
    ['import-editorial', [], /name the file to import/],
    ['start', ['--port', '99999'], /--port must be a whole number from 1 to 65535/],
    ['start', ['stray'], /Unexpected argument 'stray'/],
    ['bench', ['--runs', '0'], /--runs must be a whole number/],
    ['bench:ingest', [], /name a file or directory/],
    ['bench:ingest', ['--workers', '1.5', 'data'], /--workers must be a whole number/],
    ['build:fold-table', ['extra'], /Unexpected argument 'extra'/],
    ['migrate-to', [], /name the PostgreSQL database/],
    ['migrate-to', ['mysql://x/y'], /is not a postgresql:\/\/ URL/],
  ];
  it.each(cases)('%s %j: usage and exit code 2', (name, args, message) => {
    const r = script(name, args);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Usage: npm /);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('on the seed', () => {
  beforeAll(() => {
    // As the README shows it: `npm run ingest` (from its bundle, scripts/launch.cjs).
    const r = npm(['run', '-s', 'ingest', '--', '--quiet', path.join(tmp, 'missing-folder'), SEED, path.join(tmp, 'missing.txt')]);
    (globalThis as { ingestRun?: typeof r }).ingestRun = r;
  });

  it('ingests the files that exist when some named paths do not, reports the others, and exits 1', () => {
    const r = (globalThis as { ingestRun?: ReturnType<typeof script> }).ingestRun!;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`FAILED ${path.join(tmp, 'missing-folder')}: no such file or directory`);
    expect(r.stderr).toContain(`FAILED ${path.join(tmp, 'missing.txt')}: no such file or directory`);
    expect(r.stdout).toMatch(/^ingest: 1 added, 0 updated, 0 skipped, 2 failed;/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('exports valid JSON to standard output with `npm run -s export`', () => {
    const r = npm(['run', '-s', 'export', '--', '--format', 'json']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout) as { documents: unknown[]; phrases: Array<{ simplified: string }> };
    expect(data.documents).toHaveLength(1);
    expect(data.phrases.map((p) => p.simplified)).toContain('两个确立');
  });

  it('exports CSV to standard output with `npm run -s export`, one row per occurrence', () => {
    const r = npm(['run', '-s', 'export', '--', '--format', 'csv']);
    expect(r.status).toBe(0);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines[0]).toMatch(/^\ufeffphrase_id,text,simplified,/);
    expect(lines).toHaveLength(1 + 18);
  });

  it('exports editorial JSON to standard output, and imports it back unchanged', () => {
    const r = npm(['run', '-s', 'export', '--', '--editorial']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout) as { format: string; tables: Record<string, unknown[]> };
    expect(data.format).toBe('tifa-editorial');
    const file = path.join(tmp, 'editorial.json');
    fs.writeFileSync(file, r.stdout);
    const imported = script('import-editorial', [file]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toMatch(/Note 0 added, 0 updated/);
    const notJson = path.join(tmp, 'not.json');
    fs.writeFileSync(notJson, '{"documents": [');
    const bad = script('import-editorial', [notJson]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not valid JSON/);
    expect(bad.stderr).not.toMatch(STACK);
  });

  it('backs up, refuses to overwrite, and restores only a sound Tifa database', () => {
    const out = path.join(tmp, 'backup.db');
    const first = script('backup', ['--out', out]);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/backup: wrote .*1 documents, 17 phrases/);
    const again = script('backup', ['--out', out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists; pass --force/);
    expect(script('backup', ['--out', out, '--force']).status).toBe(0);
    const garbage = path.join(tmp, 'garbage.db');
    fs.writeFileSync(garbage, 'not a database at all');
    const refused = script('restore', [garbage]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not a usable SQLite database/);
    expect(refused.stderr).not.toMatch(STACK);
    const restored = script('restore', [out]);
    expect(restored.status).toBe(0);
    expect(restored.stderr).toMatch(/start the server \(npm start\)/);
  });
});
