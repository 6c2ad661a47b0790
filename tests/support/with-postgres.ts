/**
 * tsx tests/support/with-postgres.ts COMMAND [ARGS…] : runs COMMAND with a
 * throwaway PostgreSQL (tests/support/postgres-cluster.ts) named by
 * TIFA_TEST_POSTGRES_URL, then stops it. With TIFA_TEST_POSTGRES_URL already
 * set, that server is used and nothing is started. Exits with COMMAND's code.
 */
import { spawnSync } from 'node:child_process';
import { postgresBinDir, startCluster } from './postgres-cluster';

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('Usage: tsx tests/support/with-postgres.ts COMMAND [ARGS…]');
    return 2;
  }
  let stop = () => {};
  if (!process.env.TIFA_TEST_POSTGRES_URL) {
    const bin = postgresBinDir();
    if (!bin) {
      console.error('with-postgres: no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql, or set TIFA_TEST_POSTGRES_URL');
      return 1;
    }
    const cluster = await startCluster(bin);
    process.env.TIFA_TEST_POSTGRES_URL = cluster.url;
    stop = () => cluster.stop();
    console.error(`with-postgres: throwaway PostgreSQL at ${cluster.url}`);
  }
  try {
    return spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`with-postgres: ${(e as Error).message}`);
    process.exit(1);
  },
);
