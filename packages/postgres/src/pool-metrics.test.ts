import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { observePool } from './pool-metrics.ts';
import { createPool } from './pool.ts';
import { createTestDatabase, stopTestServer } from './testing/test-database.ts';

/** One sample's value from the registry's text exposition. */
async function sample(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = (await registry.metrics()).split('\n').find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((pair) => candidate.includes(pair)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('PostgreSQL pool metrics on a real server', () => {
  after(stopTestServer);

  it('reports connections in use and idle, callers waiting, and the pool size, per pool, at each scrape', async () => {
    const database = await createTestDatabase();
    const pool = createPool({ connectionString: database.url, applicationName: 'test', max: 2, onIdleError: () => {} });
    const other = createPool({ connectionString: database.url, applicationName: 'test', max: 1, onIdleError: () => {} });
    const registry = new Registry();
    observePool(registry, 'main', pool);
    observePool(registry, 'events', other);
    try {
      const held = [await pool.connect(), await pool.connect()];
      const third = pool.connect();
      assert.equal(await sample(registry, 'shine_db_pool_connections', { pool: 'main', state: 'in_use' }), 2);
      assert.equal(await sample(registry, 'shine_db_pool_waiting', { pool: 'main' }), 1, 'the third caller waits');
      assert.equal(await sample(registry, 'shine_db_pool_max', { pool: 'main' }), 2);
      assert.equal(await sample(registry, 'shine_db_pool_max', { pool: 'events' }), 1);
      assert.equal(await sample(registry, 'shine_db_pool_waiting', { pool: 'events' }), 0);
      held[0]!.release();
      (await third).release();
      held[1]!.release();
      assert.equal(await sample(registry, 'shine_db_pool_connections', { pool: 'main', state: 'in_use' }), 0);
      assert.equal(await sample(registry, 'shine_db_pool_connections', { pool: 'main', state: 'idle' }), 2);
      assert.equal(await sample(registry, 'shine_db_pool_waiting', { pool: 'main' }), 0);
    } finally {
      await pool.end();
      await other.end();
      await database.drop();
    }
  });
});
