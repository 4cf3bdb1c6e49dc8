// `npm test`: every test file of every package and service, and the suites in tests/ that run
// services together, on the node test runner.
// Extra arguments are passed to `node --test` (e.g. `npm test -- --test-name-pattern=palette`).
import { spawn } from 'node:child_process';
import { chmodSync, globSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '@shine/postgres';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = globSync(['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'services/*/eval/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'], {
  cwd: root,
}).sort();

if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// One real PostgreSQL for every test file; each suite creates its own database on it.
const dataDir = mkdtempSync(join(tmpdir(), 'shine-test-pg-'));
chmodSync(dataDir, 0o755);
const postgres = await startEmbeddedPostgres({
  dataDir: join(dataDir, 'data'),
  port: 20_000 + Math.floor(Math.random() * 20_000),
  persistent: false,
});

const child = spawn(
  process.execPath,
  ['--test', `--test-concurrency=${Math.max(2, availableParallelism())}`, ...process.argv.slice(2), ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHINE_TEST_DATABASE_URL: postgres.url('postgres') } },
);
const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
await postgres.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(code ?? 1);
