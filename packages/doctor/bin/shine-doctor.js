#!/usr/bin/env node
// `npx shine-doctor [--namespace ns] [--release name] [--json]`: the TypeScript CLI runs directly on Node 24. On an
// older node it re-runs itself through scripts/with-node24.sh, which fetches Node 24 into the repo cache.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (Number(process.versions.node.split('.')[0]) >= 24) {
  await import(cli);
} else {
  const bootstrap = fileURLToPath(new URL('../../../scripts/with-node24.sh', import.meta.url));
  const result = spawnSync('bash', [bootstrap, 'node', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
