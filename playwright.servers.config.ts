import { defineConfig, devices } from '@playwright/test';
import { ACCOUNTS } from './e2e/accounts';

/**
 * Two app servers on one PostgreSQL database, as behind a load balancer
 * (npm run test:e2e:servers): a fresh database tifa_servers on the server
 * named by TIFA_TEST_POSTGRES_URL (a superuser URL; .ci/run and
 * tests/support/with-postgres.ts start a throwaway one), the test accounts
 * added, then `npm start` twice, as an operator starts each app server: on
 * E2E_PORT (which finds the database empty, ingests the bundled sample and
 * builds if needed) and on E2E_PORT + 2. The specs are in e2e-servers/.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const admin = process.env.TIFA_TEST_POSTGRES_URL;
if (!admin) throw new Error('set TIFA_TEST_POSTGRES_URL (run through tests/support/with-postgres.ts, as npm run test:e2e:servers does)');
const database = new URL(admin);
database.pathname = '/tifa_servers';
export const SERVERS = [`http://localhost:${PORT}`, `http://localhost:${PORT + 2}`];
process.env.TIFA_SERVERS = SERVERS.join(' ');
process.env.TIFA_SERVERS_DATABASE_URL = database.toString();

const env = { DATABASE_URL: database.toString(), NEXT_TELEMETRY_DISABLED: '1' };

export default defineConfig({
  testDir: 'e2e-servers',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results/artifacts-servers',
  use: {
    baseURL: SERVERS[0],
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  // Started one after the other: the first sets the database up and builds, the second only serves.
  webServer: [
    {
      command: [
        `node e2e/postgres-database.mjs '${admin}' tifa_servers >/dev/null`,
        // The accounts first (users migrates the empty database), then `npm start` as a
        // user runs it: it ingests the bundled sample into the empty database, builds if
        // there is no current build, and serves.
        ...Object.values(ACCOUNTS).map((a) => `printf '%s\\n' '${a.password}' | npm run -s users -- add ${a.name} --role ${a.role}`),
        `npm start -- -p ${PORT}`,
      ].join(' && '),
      env,
      url: `${SERVERS[0]}/api/documents`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // `npm start` on a database that already has documents: it only checks and serves.
      command: `npm start -- -p ${PORT + 2}`,
      env,
      url: `${SERVERS[1]}/api/documents`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
