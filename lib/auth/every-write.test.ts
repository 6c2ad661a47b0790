import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every write goes through lib/auth's guard: each route handler that exports
 * POST, PUT, PATCH or DELETE, and each exported server action, must call
 * guardWrite / guardAction before anything else. The two writes that need no
 * role (signing in and out, a reader's script preference) check the origin.
 * This test reads the sources, so that a new write without the guard fails here.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const NO_ROLE_NEEDED: Record<string, RegExp> = {
  'app/api/session/route.ts': /guardPublicWrite|isSameOrigin/,
  'app/script/route.ts': /isSameOrigin/,
};

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** The body of each exported async function named in `names` (up to the next top-level export). */
function exportedFunctions(source: string, names: RegExp): Array<{ name: string; body: string }> {
  const out: Array<{ name: string; body: string }> = [];
  const re = /export\s+(?:async\s+)?function\s+(\w+)\s*\(/g;
  const starts = [...source.matchAll(re)];
  starts.forEach((m, i) => {
    if (!names.test(m[1])) return;
    const end = i + 1 < starts.length ? starts[i + 1].index : source.length;
    out.push({ name: m[1], body: source.slice(m.index, end) });
  });
  return out;
}

describe('every write is guarded', () => {
  const all = [...files(path.join(ROOT, 'app')), ...files(path.join(ROOT, 'components'))];

  it('route handlers: POST/PUT/PATCH/DELETE call guardWrite (or, for the two role-free writes, check the origin)', () => {
    const handlers = all.filter((f) => /route\.ts$/.test(f));
    let checked = 0;
    for (const file of handlers) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      const src = fs.readFileSync(file, 'utf8');
      for (const fn of exportedFunctions(src, /^(POST|PUT|PATCH|DELETE)$/)) {
        checked++;
        const rule = NO_ROLE_NEEDED[rel] ?? /await guardWrite\(req(, '(editor|admin)')?\)/;
        expect(fn.body, `${rel} ${fn.name}`).toMatch(rule);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('server actions: every exported function of a "use server" file calls guardAction', () => {
    const actionFiles = all.filter((f) => /^\s*['"]use server['"]/.test(fs.readFileSync(f, 'utf8')));
    let checked = 0;
    for (const file of actionFiles) {
      const rel = path.relative(ROOT, file);
      for (const fn of exportedFunctions(fs.readFileSync(file, 'utf8'), /./)) {
        checked++;
        expect(fn.body, `${rel} ${fn.name}`).toMatch(/await guardAction\((['"](editor|admin)['"])?\)/);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });
});
