import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in Debian's chromium (apt-get install chromium fonts-noto-cjk)
 * against the built app: a fresh database with the bundled sample ingested,
 * `next build`, then `next start` on port 3100.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DB = 'data/e2e.db';

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
      `rm -f ${DB} ${DB}-wal ${DB}-shm ${DB}-journal`,
      'npm run ingest -- --quiet data/samples',
      'npx next build',
      `npx next start -p ${PORT}`,
    ].join(' && '),
    env: { DATABASE_URL: `file:./${DB}`, NEXT_TELEMETRY_DISABLED: '1' },
    url: `http://localhost:${PORT}/api/documents`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
