import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { migrate } from './migrate.ts';
import { createPool, inTransaction } from './pool.ts';
import { createTestDatabase, stopTestServer } from './testing/test-database.ts';

const migrations = fileURLToPath(new URL('test-migrations', import.meta.url));

describe('postgres helpers on a real server', () => {
  after(stopTestServer);

  it('migrates once, and a second run applies nothing', async () => {
    const database = await createTestDatabase();
    try {
      assert.deepEqual(await migrate({ databaseUrl: database.url, dir: migrations }), ['0001_notes']);
      assert.deepEqual(await migrate({ databaseUrl: database.url, dir: migrations }), []);
    } finally {
      await database.drop();
    }
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    try {
      await migrate({ databaseUrl: database.url, dir: migrations });
      await inTransaction(pool, (client) => client.query("INSERT INTO notes (body) VALUES ('kept')"));
      await assert.rejects(
        inTransaction(pool, async (client) => {
          await client.query("INSERT INTO notes (body) VALUES ('lost')");
          throw new Error('boom');
        }),
        /boom/,
      );
      const { rows } = await pool.query<{ body: string }>('SELECT body FROM notes ORDER BY id');
      assert.deepEqual(rows.map((row) => row.body), ['kept']);
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  it('fails a transaction whose connection is lost between two queries with that loss, and keeps the process and the pool', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ connectionString: database.url, applicationName: 'test', max: 1, onIdleError: () => {} });
    const admin = createPool({ connectionString: database.url, applicationName: 'test-admin', onIdleError: () => {} });
    try {
      await assert.rejects(
        inTransaction(pool, async (client) => {
          const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // The server ends the session while the transaction awaits something else, as a restart does.
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await client.query('SELECT 1');
        }),
        { code: '57P01' },
      );
      // The lost connection was dropped, not lent again.
      assert.deepEqual((await pool.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    } finally {
      await pool.end();
      await admin.end();
      await database.drop();
    }
  });

  it('cancels a statement that runs past the pool statement timeout, freeing its connection', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ connectionString: database.url, applicationName: 'test', max: 1, statementTimeoutMs: 200, onIdleError: () => {} });
    try {
      await assert.rejects(pool.query('SELECT pg_sleep(5)'), { code: '57014' });
      // The one connection is free again at once.
      assert.deepEqual((await pool.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
