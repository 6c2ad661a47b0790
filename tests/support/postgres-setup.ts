import type { TestProject } from 'vitest/node';
import { postgresBinDir, startCluster, type Cluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the throwaway PostgreSQL, or null (then `postgresSkipReason` says why). */
    postgresUrl: string | null;
    postgresSkipReason: string;
  }
}

/** vitest globalSetup: one throwaway PostgreSQL for the whole run (see postgres-cluster.ts). */
export default async function setup(project: TestProject) {
  let cluster: Cluster | null = null;
  let url: string | null = process.env.TIFA_TEST_POSTGRES_URL || null;
  let reason = '';
  if (!url) {
    const bin = postgresBinDir();
    if (!bin) reason = 'no PostgreSQL binaries (initdb, pg_ctl) found: apt-get install postgresql, or set TIFA_TEST_POSTGRES_URL';
    else {
      try {
        cluster = await startCluster(bin);
        url = cluster.url;
      } catch (e) {
        reason = `could not start a throwaway PostgreSQL: ${(e as Error).message}`;
      }
    }
  }
  if (!url) console.warn(`\n[postgres] PostgreSQL tests are SKIPPED: ${reason}\n`);
  project.provide('postgresUrl', url);
  project.provide('postgresSkipReason', reason);
  return () => cluster?.stop();
}
