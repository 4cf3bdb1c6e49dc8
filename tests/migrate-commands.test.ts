// The migrate command of each service with a database, as the chart's hook Job runs it, against a
// real PostgreSQL: it applies every migration, a second run applies nothing (a re-run hook is safe),
// and a database it cannot reach fails it with a sentence, not a stack.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, stopTestServer } from '@shine/postgres/testing';
import pg from 'pg';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

// The entry each service's migration Job runs (charts/shine/templates/_helpers.tpl, shine.services).
const commands = [
  { service: 'analysis', entry: 'src/migrate.ts' },
  { service: 'catalog', entry: 'src/cli/migrate.ts' },
  { service: 'recommender', entry: 'src/migrate.ts' },
];

/** Runs a service's migrate command from its folder, as the image does; the exit code instead of a throw. */
async function migrateCommand(service: string, entry: string, databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { cwd: `${root}services/${service}`, env: { ...process.env, DATABASE_URL: databaseUrl } };
  try {
    const { stdout, stderr } = await run(process.execPath, [entry], options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the services\' migrate commands on a real PostgreSQL', () => {
  after(stopTestServer);

  for (const { service, entry } of commands) {
    it(`${service}: applies every migration once, and a second run changes nothing`, async () => {
      const database = await createTestDatabase();
      try {
        const expected = readdirSync(`${root}services/${service}/migrations`).filter((name) => name.endsWith('.sql')).map((name) => name.replace(/\.sql$/, ''));
        const first = await migrateCommand(service, entry, database.url);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, new RegExp(`${service}:migrate: applied ${expected.join(', ')} to `));

        const second = await migrateCommand(service, entry, database.url);
        assert.equal(second.code, 0, second.stderr);
        assert.match(second.stdout, /is up to date/);

        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id');
          assert.deepEqual(rows.map((row) => row.name), expected);
        } finally {
          await client.end();
        }
      } finally {
        await database.drop();
      }
    });
  }

  it('fails with a clear message, and exit code 1, when PostgreSQL cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const result = await migrateCommand('analysis', 'src/migrate.ts', 'postgres://shine:secret@127.0.0.1:1/shine_analysis');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^analysis:migrate: the migrations of 127\.0\.0\.1:1\/shine_analysis failed: cannot reach PostgreSQL \(connection refused\)/);
    assert.doesNotMatch(result.stderr, /secret|\n\s+at /, 'neither the password nor a stack trace');
  });

  it('refuses to start without a DATABASE_URL, naming it', async () => {
    const result = await migrateCommand('recommender', 'src/migrate.ts', '');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /recommender:migrate: invalid configuration: DATABASE_URL is required but not set/);
  });
});
