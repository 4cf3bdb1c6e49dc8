// The one shim behind the TypeScript CLIs' bins (shine-analyze, shine-doctor): plain JavaScript, so
// it runs on any node. On Node 24 it imports the CLI, which runs directly (type stripping); on an
// older node it re-runs it through scripts/with-node24.sh, which fetches Node 24 into the repo cache.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs the TypeScript CLI at `cli` (a file URL) on Node 24 with this process's arguments. */
export async function runOnNode24(cli) {
  const path = fileURLToPath(cli);
  if (Number(process.versions.node.split('.')[0]) >= 24) {
    await import(path);
    return;
  }
  const bootstrap = fileURLToPath(new URL('./with-node24.sh', import.meta.url));
  const result = spawnSync('bash', [bootstrap, 'node', path, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
