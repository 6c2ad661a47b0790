/**
 * node [node options] scripts/launch.cjs NAME [ARGS...]: runs scripts/NAME.ts from a
 * JavaScript bundle of it (and of the worker threads it starts), built with esbuild when the
 * sources are newer than the bundle, in node_modules/.cache/tifa-scripts.
 *
 * Why: run through tsx, every thread resolves and loads a hundred TypeScript modules one by
 * one. `npm run ingest` of one small file took 1.04–1.11 s from outside that way, 0.55–0.62 s
 * from a bundle; the 新闻联播 folder about 0.35 s less (each of its four threads loads the
 * modules). A build takes about 0.1 s, once after each change to the sources.
 *
 * A bundle is kept in a folder named by a hash of its contents, and `current.json` names the
 * folder of the newest build with the files it was built from: a run that has started keeps
 * its own bundle (its worker threads load from the same folder, however late) while another
 * builds a newer one. Where no bundle can be built or kept (esbuild missing, the folder not
 * writable), or where TIFA_NO_BUNDLE is set, the script runs through tsx as before. A build
 * that fails on the sources (a syntax error) is reported as esbuild reports it, exit code 1.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
/** Where bundles are kept (TIFA_SCRIPTS_CACHE: elsewhere, as the tests do). */
const CACHE = process.env.TIFA_SCRIPTS_CACHE || path.join(ROOT, 'node_modules', '.cache', 'tifa-scripts');
const CURRENT = path.join(CACHE, 'current.json');

/**
 * The scripts run from a bundle, each with its entry points: the script, and the worker
 * threads it starts (lib/ingest/run.ts loads `ingest-worker.cjs` beside itself when bundled).
 * Not here: the scripts that use Prisma's client (users, import), which loads files of its
 * own beside its generated code, and the benchmarks and build tools.
 */
const BUNDLED = {
  ingest: { ingest: 'scripts/ingest.ts', 'ingest-worker': 'lib/ingest/worker.ts' },
  export: { export: 'scripts/export.ts' },
  audit: { audit: 'scripts/audit.ts' },
  backup: { backup: 'scripts/backup.ts' },
  restore: { restore: 'scripts/restore.ts' },
  'import-editorial': { 'import-editorial': 'scripts/import-editorial.ts' },
  'migrate-to': { 'migrate-to': 'scripts/migrate-to.ts' },
};

/**
 * Files whose change makes a bundle stale besides its inputs: this file, and npm's record of
 * what is installed (an upgraded package's files keep the dates in its tarball).
 */
const ALSO_WATCHED = ['scripts/launch.cjs', 'node_modules/.package-lock.json', 'package.json'];

/** Not bundled: native addons, and packages that load files of their own at run time. */
const EXTERNAL = /^(better-sqlite3|@node-rs\/xxhash|pg|pg-native|synckit)(\/|$)/;

/**
 * Leaves the packages of EXTERNAL out of the bundle, required by their installed path: a
 * bundle kept outside the project (TIFA_SCRIPTS_CACHE) still finds them. One not installed
 * (pg-native, optional) stays as named.
 */
const externalByPath = {
  name: 'external-by-path',
  setup(build) {
    build.onResolve({ filter: EXTERNAL }, (args) => {
      try {
        return { path: require.resolve(args.path, { paths: [ROOT] }), external: true };
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

/** What current.json says of the newest build, or null. */
function readCurrent() {
  try {
    return JSON.parse(fs.readFileSync(CURRENT, 'utf8'));
  } catch {
    return null;
  }
}

/** The bundle folder of `name` if it was built after every file it depends on last changed. */
function freshBundle(name) {
  const current = readCurrent();
  const entry = current?.bundles?.[name];
  // Built in another place (the project moved, its cache with it): the bundle requires its
  // native packages by their paths there.
  if (!entry || entry.root !== ROOT) return null;
  const dir = path.join(CACHE, entry.dir);
  if (!fs.existsSync(path.join(dir, `${name}.cjs`))) return null;
  for (const file of entry.inputs) {
    let stat;
    try {
      stat = fs.statSync(path.join(ROOT, file));
    } catch {
      return null; // an input moved or went: build again
    }
    if (stat.mtimeMs >= entry.startedAt) return null;
  }
  for (const file of ALSO_WATCHED) {
    // One that does not exist (an install by another tool than npm) says nothing.
    const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    if (stat && stat.mtimeMs >= entry.startedAt) return null;
  }
  return dir;
}

/** Builds `name`'s bundle and records it in current.json; its folder, or null if esbuild is missing. */
async function build(name) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    return null;
  }
  // A file changed while the build reads it counts as changed after it.
  const startedAt = Date.now() - 1;
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: BUNDLED[name],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node}`,
    outdir: 'out', // not written (write: false): names the outputs
    outExtension: { '.js': '.cjs' },
    write: false,
    metafile: true,
    plugins: [externalByPath],
    define: { TIFA_BUNDLED: 'true' },
    // lib/ingest/run.ts reads import.meta.url only when not bundled (TIFA_BUNDLED).
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'error',
  });
  // esbuild's service process is not needed again in this run.
  esbuild.stop?.();
  const hash = crypto.createHash('sha256');
  for (const f of result.outputFiles) hash.update(f.path).update(f.contents);
  const dirName = hash.digest('hex').slice(0, 16);
  const dir = path.join(CACHE, dirName);
  if (!fs.existsSync(dir)) {
    // Written beside, then renamed: another run never sees a folder half written.
    const tmp = path.join(CACHE, `.tmp-${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
    fs.mkdirSync(tmp, { recursive: true });
    for (const f of result.outputFiles) fs.writeFileSync(path.join(tmp, path.basename(f.path)), f.contents);
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      // Another run built the same bundle meanwhile: the same files.
      if (!fs.existsSync(dir)) throw e;
    }
  }
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes(':'));
  const current = readCurrent() ?? { bundles: {} };
  current.bundles[name] = { root: ROOT, dir: dirName, startedAt, inputs };
  const tmp = `${CURRENT}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(current));
  fs.renameSync(tmp, CURRENT);
  removeOldBundles(current);
  return dir;
}

/** Bundle folders no longer named in current.json, a day after they were made (a long run may still use one). */
function removeOldBundles(current) {
  const named = new Set(Object.values(current.bundles).map((b) => b.dir));
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const d of fs.readdirSync(CACHE, { withFileTypes: true })) {
    if (!d.isDirectory() || named.has(d.name)) continue;
    const p = path.join(CACHE, d.name);
    try {
      if (fs.statSync(p).mtimeMs < dayAgo) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // Removed by another run.
    }
  }
}

/** The bundle folder to run `name` from, or null to run it through tsx. */
async function bundleFor(name) {
  const fresh = freshBundle(name);
  if (fresh) return fresh;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    return await build(name);
  } catch (e) {
    if (e && Array.isArray(e.errors) && e.errors.length > 0) {
      // esbuild's own report of the sources' errors is already printed (logLevel 'error').
      process.exit(1);
    }
    // Not writable, or the like: run as before.
    return null;
  }
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  if (!name || !Object.hasOwn(BUNDLED, name)) {
    console.error(`Usage: node scripts/launch.cjs ${Object.keys(BUNDLED).join('|')} [ARGS...]`);
    process.exit(2);
  }
  const dir = process.env.TIFA_NO_BUNDLE ? null : await bundleFor(name);
  const script = dir ? path.join(dir, `${name}.cjs`) : path.join(ROOT, BUNDLED[name][name]);
  // The script reads its arguments from process.argv.slice(2), as when run itself.
  process.argv = [process.argv[0], script, ...args];
  if (!dir) require('tsx/cjs/api').register();
  require(script);
}

main().catch((e) => {
  console.error(`launch: ${e.message}`);
  process.exit(1);
});
