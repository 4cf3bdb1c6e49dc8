// Test-only: a fresh database per suite on a real PostgreSQL (`@shine/postgres/testing`), kept out of the
// package index so no service loads it in production.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '../embedded-postgres.ts';
import { migrate } from '../migrate.ts';

export interface TestDatabase {
  url: string;
  /** Drops the database (and stops the server if this process started it for tests). */
  drop(): Promise<void>;
}

let server: Promise<{ adminUrl: string; own?: RunningPostgres; dir?: string }> | undefined;

/**
 * A fresh, empty database for one test suite on a real PostgreSQL. `npm test` starts one server for
 * all test files and passes its admin URL in SHINE_TEST_DATABASE_URL; a test file run alone starts
 * its own embedded server on a free port. With `migrations`, that folder's migrations are applied.
 */
export async function createTestDatabase(options: { migrations?: string } = {}): Promise<TestDatabase> {
  server ??= startServer();
  const { adminUrl } = await server;
  const name = `test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (options.migrations) await migrate({ databaseUrl: url.toString(), dir: options.migrations });
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
    },
  };
}

/** Stops the server this process started, if any; call from the suite's `after`. */
export async function stopTestServer(): Promise<void> {
  if (!server) return;
  const { own, dir } = await server;
  server = undefined;
  await own?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

async function startServer(): Promise<{ adminUrl: string; own?: RunningPostgres; dir?: string }> {
  const shared = process.env['SHINE_TEST_DATABASE_URL'];
  if (shared) return { adminUrl: shared };
  const dir = mkdtempSync(join(tmpdir(), 'shine-pg-'));
  // As root, embedded-postgres runs the server as an unprivileged user, who must reach the data folder.
  chmodSync(dir, 0o755);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const own = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port, persistent: false });
  return { adminUrl: own.url('postgres'), own, dir };
}
