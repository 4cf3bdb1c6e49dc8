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

// The fault suites stop brokers, restart databases and freeze processes, and judge how fast the
// rest recovers: run beside the other suites on two cores, their waits measured the machine's load.
// They run after the others, one at a time.
const isolated = files.filter((file) => file.startsWith('tests/faults/'));
const together = files.filter((file) => !isolated.includes(file));

function runTests(testFiles: string[], concurrency: number): Promise<number | null> {
  if (testFiles.length === 0) return Promise.resolve(0);
  const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...process.argv.slice(2), ...testFiles], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SHINE_TEST_DATABASE_URL: postgres.url('postgres') },
  });
  return new Promise((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
}

const first = await runTests(together, Math.max(2, availableParallelism()));
if (isolated.length > 0) console.log(`\nthe fault suites, one at a time (${isolated.length} files):`);
const second = await runTests(isolated, 1);
const code = first === 0 && second === 0 ? 0 : (first || second || 1);
await postgres.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(code ?? 1);
