import { defineConfig, devices } from '@playwright/test';
import { ACCOUNTS } from './e2e/accounts';

/**
 * End-to-end tests in Debian's chromium (apt-get install chromium fonts-noto-cjk)
 * against the built app: a fresh database with the bundled sample ingested and
 * the test accounts of e2e/accounts.ts added with `npm run users`, `next build`,
 * then scripts/serve.mjs (`next start` with unsupported methods answered 405) on port 3100.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DB = 'data/e2e.db';

/**
 * TIFA_E2E_PROVIDER=postgresql (npm run test:e2e:postgresql) runs the same
 * suite on PostgreSQL: a fresh database tifa_e2e on the server named by
 * TIFA_TEST_POSTGRES_URL (a superuser URL; .ci/run and
 * tests/support/with-postgres.ts start a throwaway one).
 */
function postgresDatabase(name: string): { url: string; create: string } | null {
  if (process.env.TIFA_E2E_PROVIDER !== 'postgresql') return null;
  const admin = process.env.TIFA_TEST_POSTGRES_URL;
  if (!admin) throw new Error('TIFA_E2E_PROVIDER=postgresql needs TIFA_TEST_POSTGRES_URL (run it through tests/support/with-postgres.ts)');
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), create: `node e2e/postgres-database.mjs '${admin}' ${name} >/dev/null` };
}
const postgres = postgresDatabase('tifa_e2e');

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: [
      postgres ? postgres.create : `rm -f ${DB} ${DB}-wal ${DB}-shm ${DB}-journal`,
      'npm run ingest -- --quiet data/samples',
      ...Object.values(ACCOUNTS).map((a) => `printf '%s\\n' '${a.password}' | npm run -s users -- add ${a.name} --role ${a.role}`),
      'npx next build',
      `node scripts/serve.mjs -p ${PORT}`,
    ].join(' && '),
    env: { DATABASE_URL: postgres ? postgres.url : `file:./${DB}`, NEXT_TELEMETRY_DISABLED: '1' },
    url: `http://localhost:${PORT}/api/documents`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
