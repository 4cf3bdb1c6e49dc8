import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'doctor-home-'));

/** shine-doctor on a machine with no kubeconfig at all: a fresh HOME, no KUBECONFIG, not a pod. */
function doctorWithoutKubeconfig(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env['KUBECONFIG'];
  delete env['KUBERNETES_SERVICE_HOST'];
  return spawnSync(process.execPath, [main, ...args], { env, encoding: 'utf8', timeout: 30_000 });
}

describe('shine-doctor without a kubeconfig', () => {
  after(() => rmSync(home, { recursive: true, force: true }));

  it('says there is no kubeconfig and where a local Shine answers, instead of asking localhost:8080', () => {
    const run = doctorWithoutKubeconfig('-n', 'shine');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^shine-doctor: no kubeconfig: KUBECONFIG is not set, there is no ~\/\.kube\/config and this is not a pod/);
    assert.match(run.stderr, /http:\/\/127\.0\.0\.1:9468\/readyz/);
    assert.doesNotMatch(run.stderr, /localhost:8080/);
    assert.equal(run.stdout, '');
  });

  it('answers --json with JSON too', () => {
    const run = doctorWithoutKubeconfig('--json');
    assert.equal(run.status, 2);
    const answer = JSON.parse(run.stdout) as { healthy: boolean; error: string };
    assert.equal(answer.healthy, false);
    assert.match(answer.error, /^no kubeconfig/);
  });
});
