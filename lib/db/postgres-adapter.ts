import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

/**
 * Prisma's pg adapter for a postgresql:// URL. The Prisma CLI's schema engine
 * cannot read PostgreSQL's catalogue types `name` and `"char"`
 * (prisma/orm#27403): the CLI's connections read them as text.
 */
class CatalogTextClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({
      ...config,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          pg.types.getTypeParser(oid === 19 || oid === 18 ? 25 : oid === 1003 || oid === 1002 ? 1009 : oid, format)) as typeof pg.types.getTypeParser,
      },
    });
  }
}

/** Connection fields from a URL, given separately so that Prisma's shadow database does not point at the main one. */
export function connectionFields(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || (u.searchParams.get('host') ?? undefined),
    port: u.port ? Number(u.port) : undefined,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
  };
}

export function postgresAdapter(url: string, options: { forCli?: boolean; max?: number } = {}): PrismaPg {
  if (options.forCli) {
    return new PrismaPg({ ...connectionFields(url), Client: CatalogTextClient, idleTimeoutMillis: 100 } as pg.PoolConfig);
  }
  return new PrismaPg({ connectionString: url, max: options.max ?? 10 });
}
