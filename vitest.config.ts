import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const ALL = ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts', 'tests/**/*.test.ts'];

/**
 * TIFA_TEST_PROVIDER=postgresql (npm run test:unit:postgresql) runs the test
 * files that take their database from tests/support/provider.ts, on PostgreSQL.
 */
function providerAwareTests(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'generated') walk(p);
      else if (e.name.endsWith('.test.ts') && /support\/provider'/.test(fs.readFileSync(p, 'utf8'))) out.push(path.relative(__dirname, p));
    }
  };
  for (const dir of ['lib', 'scripts', 'app', 'components', 'tests']) walk(path.join(__dirname, dir));
  return out.sort();
}

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: process.env.TIFA_TEST_PROVIDER === 'postgresql' ? providerAwareTests() : ALL,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // A throwaway PostgreSQL for the tests that run on both providers (skipped, saying why, without the binaries).
    globalSetup: ['tests/support/postgres-setup.ts'],
  },
});
