// The chart's migration hook Jobs: one per service with a database, running that service's migrate
// command (tests/migrate-commands.test.ts runs each against a real PostgreSQL) before the new pods.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { devValues, find, ofKind, podSpec, render, skipWithoutHelm as skip } from './support/helm-chart.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const databaseServices = ['analysis', 'catalog', 'recommender'];

describe('the chart\'s migration Jobs', { skip }, () => {
  it('migrates each service\'s database in a pre-install/pre-upgrade hook, safe to re-run and bounded', () => {
    const objects = render();
    assert.deepEqual(ofKind(objects, 'Job').map((job) => job.metadata.name).sort(), databaseServices.map((service) => `demo-${service}-migrations`));
    for (const service of databaseServices) {
      const job = find(objects, 'Job', `demo-${service}-migrations`)!;
      assert.equal(job.metadata.annotations!['helm.sh/hook'], 'pre-install,pre-upgrade');
      assert.equal(job.metadata.annotations!['helm.sh/hook-delete-policy'], 'before-hook-creation,hook-succeeded');
      assert.equal(job.spec.backoffLimit, 3);
      assert.ok(job.spec.activeDeadlineSeconds > 0, 'a hung migration cannot hold the upgrade forever');
      const pod = podSpec(job);
      assert.equal(pod.restartPolicy, 'Never');
      const [container] = pod.containers;
      assert.equal(container.image, `ghcr.io/shine/${service}:0.1.0`);
      // The image's working directory is services/<service>: the entry must exist there.
      assert.equal(container.command[0], 'node');
      assert.ok(existsSync(`${root}services/${service}/${container.command[1]}`), `${service}: ${container.command[1]} exists`);
    }
  });

  it('reads the same database URL and runs as locked down as the service it migrates', () => {
    const objects = render();
    for (const service of databaseServices) {
      const job = podSpec(find(objects, 'Job', `demo-${service}-migrations`)!);
      const deployment = podSpec(find(objects, 'Deployment', `demo-${service}`)!);
      const databaseUrl = (pod: any) => pod.containers[0].env.find((entry: { name: string }) => entry.name === 'DATABASE_URL');
      assert.deepEqual(databaseUrl(job), databaseUrl(deployment));
      assert.deepEqual(job.securityContext, deployment.securityContext);
      assert.deepEqual(job.containers[0].securityContext, deployment.containers[0].securityContext);
      assert.equal(job.automountServiceAccountToken, false);
    }
  });

  it('labels its pods so that no Service, PDB or NetworkPolicy of the service selects them', () => {
    const objects = render();
    for (const service of databaseServices) {
      const labels = find(objects, 'Job', `demo-${service}-migrations`)!.spec.template.metadata.labels;
      const selector = find(objects, 'Service', `demo-${service}`)!.spec.selector as Record<string, string>;
      assert.ok(Object.entries(selector).some(([key, value]) => labels[key] !== value), `${service}'s Service would send traffic to its migration pod`);
    }
  });

  it('runs after install when the release brings its own PostgreSQL (it does not exist before), and can be turned off', () => {
    for (const job of ofKind(render({ values: [devValues] }), 'Job')) assert.equal(job.metadata.annotations!['helm.sh/hook'], 'post-install,pre-upgrade', job.metadata.name);
    assert.deepEqual(ofKind(render({ sets: ['migrations.enabled=false'] }), 'Job'), []);
    assert.equal(find(render({ sets: ['catalog.enabled=false'] }), 'Job', 'demo-catalog-migrations'), undefined);
  });
});
