// charts/shine rendered by a real Helm, checked for what the chart promises a platform team.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chart, devValues, find, helm, ofKind, skipWithoutHelm as skip, templateArgs, type K8sObject, render as renderWith } from './support/helm-chart.ts';

const render = (...sets: string[]): K8sObject[] => renderWith({ sets });
const services = ['analysis', 'palette', 'catalog', 'recommender', 'gateway'];
const databaseServices = ['analysis', 'catalog', 'recommender'];

const container = (objects: K8sObject[], name: string) => objects.find((object) => object.kind === 'Deployment' && object.metadata.name === `demo-${name}`)!.spec.template.spec.containers[0];
const env = (objects: K8sObject[], name: string, variable: string) => container(objects, name).env.find((entry: { name: string }) => entry.name === variable)?.value;

describe('the Helm chart', { skip }, () => {
  it('passes helm lint --strict', () => {
    execFileSync(helm!, ['lint', '--strict', chart], { stdio: 'pipe' });
  });

  it('passes helm lint --strict with values-dev.yaml', () => {
    execFileSync(helm!, ['lint', '--strict', chart, '-f', devValues], { stdio: 'pipe' });
  });

  it('has one template per kind per service, and each service\'s objects come from its own folder', () => {
    const kinds = ['deployment', 'service', 'hpa', 'pdb', 'serviceaccount', 'networkpolicy', 'servicemonitor'];
    for (const service of services) {
      const expected = databaseServices.includes(service) ? [...kinds, 'migrations-job'] : kinds;
      for (const kind of expected) assert.ok(existsSync(join(chart, 'templates', service, `${kind}.yaml`)), `templates/${service}/${kind}.yaml`);
    }
    const output = execFileSync(helm!, templateArgs({ apiVersions: ['monitoring.coreos.com/v1'] }), { encoding: 'utf8' });
    for (const document of output.split(/^---$/m)) {
      const source = /^# Source: shine\/templates\/(.+)$/m.exec(document)?.[1];
      const service = /app\.kubernetes\.io\/name: ([a-z-]+)/.exec(document)?.[1]?.replace(/-migrations$/, '');
      // helm test Pods live in templates/tests/, as Helm's convention has it.
      if (source && service && services.includes(service) && !source.startsWith('tests/')) assert.equal(source.split('/')[0], service, `${service}'s object from ${source}`);
    }
  });

  it('leaves out every object of a service that is not enabled, and nothing else', () => {
    const all = render();
    const withoutPalette = render('palette.enabled=false');
    const paletteObjects = all.filter((object) => object.metadata.labels?.['app.kubernetes.io/name'] === 'palette');
    assert.deepEqual(paletteObjects.map((object) => object.kind).sort(), ['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    assert.equal(withoutPalette.length, all.length - paletteObjects.length);
    assert.ok(!withoutPalette.some((object) => object.metadata.labels?.['app.kubernetes.io/name'] === 'palette'));
    assert.equal(find(render('catalog.serviceAccount.create=false', 'catalog.serviceAccount.name=catalog-identity'), 'ServiceAccount', 'demo-catalog'), undefined);
    assert.equal(find(render('catalog.serviceAccount.create=false', 'catalog.serviceAccount.name=catalog-identity'), 'Deployment', 'demo-catalog')!.spec.template.spec.serviceAccountName, 'catalog-identity');
  });

  it('scales each service with an HPA that owns the replica count, or a fixed count when autoscaling is off', () => {
    const objects = render();
    for (const service of services) {
      const hpa = find(objects, 'HorizontalPodAutoscaler', `demo-${service}`)!;
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: `demo-${service}` });
      assert.equal(find(objects, 'Deployment', `demo-${service}`)!.spec.replicas, undefined, `${service}: a fixed count would undo the HPA at every upgrade`);
    }
    const fixed = render('analysis.autoscaling.enabled=false', 'analysis.replicas=3');
    assert.equal(find(fixed, 'HorizontalPodAutoscaler', 'demo-analysis'), undefined);
    assert.equal(find(fixed, 'Deployment', 'demo-analysis')!.spec.replicas, 3);
  });

  it('spreads each service\'s pods over nodes and zones, and lets a drain take at most one of them at a time', () => {
    const objects = render();
    for (const deployment of ofKind(objects, 'Deployment')) {
      const selector = deployment.spec.selector.matchLabels;
      const spread = deployment.spec.template.spec.topologySpreadConstraints;
      assert.deepEqual(spread.map((constraint: { topologyKey: string }) => constraint.topologyKey), ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const constraint of spread) {
        assert.deepEqual(constraint.labelSelector.matchLabels, selector, deployment.metadata.name);
        assert.deepEqual(constraint.matchLabelKeys, ['pod-template-hash']);
      }
      const budget = find(objects, 'PodDisruptionBudget', deployment.metadata.name)!;
      assert.deepEqual(budget.spec.selector.matchLabels, selector);
      assert.equal(budget.spec.maxUnavailable, 1);
    }
  });

  it('rolls the database services\' pods when their database Secret changes, as it rolls them when the env does', () => {
    const checksum = (objects: K8sObject[], service: string) => find(objects, 'Deployment', `demo-${service}`)!.spec.template.metadata.annotations?.['checksum/postgres-secret'];
    const before = render('dev.postgres.enabled=true');
    const after = render('dev.postgres.enabled=true', 'dev.postgres.password=another-password');
    for (const service of databaseServices) {
      assert.match(checksum(before, service), /^[0-9a-f]{64}$/);
      assert.notEqual(checksum(after, service), checksum(before, service), `${service} rolls on a new password`);
    }
    for (const service of ['palette', 'gateway']) assert.equal(checksum(before, service), undefined, `${service} reads no database Secret`);
    // An existing Secret is read from the cluster at install time (helm template sees none): still annotated.
    assert.match(checksum(render(), 'analysis'), /^[0-9a-f]{64}$/);
  });

  it('gives analysis exactly 2 CPU / 6Gi (Guaranteed) with a worker per CPU, and the gateway 500m / 1Gi', () => {
    const objects = render();
    assert.deepEqual(container(objects, 'analysis').resources, { requests: { cpu: '2', memory: '6Gi' }, limits: { cpu: '2', memory: '6Gi' } });
    assert.equal(env(objects, 'analysis', 'ANALYSIS_WORKERS'), '2');
    assert.equal(env(objects, 'analysis', 'ANALYSIS_QUEUE_LIMIT'), '8');
    assert.deepEqual(container(objects, 'gateway').resources, { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } });
    assert.equal(env(objects, 'gateway', 'GATEWAY_THREADS'), '1');
    assert.equal(env(render('gateway.resources.cpu=2'), 'gateway', 'GATEWAY_THREADS'), '2', 'threads follow the CPU limit');
  });

  it('runs every pod non-root on a read-only root, with nothing of root kept and no API token', () => {
    const deployments = render().filter((object) => object.kind === 'Deployment');
    assert.equal(deployments.length, 5);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true, deployment.metadata.name);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.equal(pod.automountServiceAccountToken, false);
      const [main] = pod.containers;
      assert.equal(main.securityContext.readOnlyRootFilesystem, true);
      assert.deepEqual(main.securityContext.capabilities.drop, ['ALL']);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) assert.ok(main[probe], `${deployment.metadata.name} ${probe}`);
      assert.deepEqual(main.readinessProbe.httpGet, { path: '/readyz', port: 'side' });
    }
  });

  it('makes the gRPC services headless, for the callers to balance each call, and the gateway the one ordinary Service', () => {
    const services = render().filter((object) => object.kind === 'Service');
    for (const service of services) {
      if (service.metadata.name === 'demo-gateway') assert.notEqual(service.spec.clusterIP, 'None');
      else assert.equal(service.spec.clusterIP, 'None', service.metadata.name);
    }
    assert.equal(env(render(), 'recommender', 'PALETTE_ADDRESS'), 'demo-palette:50052');
  });

  it('refuses bad values with the schema\'s message, naming the value', () => {
    const refused = (...sets: string[]) => {
      const result = spawnSync(helm!, templateArgs({ sets }), { encoding: 'utf8' });
      assert.notEqual(result.status, 0, `${sets.join(' ')} was accepted`);
      return result.stderr;
    };
    assert.match(refused('analysis.resources.cpu=two'), /\/analysis\/resources\/cpu': 'two' does not match/);
    assert.match(refused('gateway.replicas=0'), /\/gateway\/replicas': minimum: got 0, want 1/);
    assert.match(refused('global.logLevel=loud'), /\/global\/logLevel/);
    assert.match(refused('palette.memmory=1Gi'), /additional properties 'memmory' not allowed/);
    assert.match(refused('dev.postgres.image=postgres'), /\/dev\/postgres\/image': 'postgres' does not match/, 'an image without a pinned tag');
    assert.match(refused('dev.postgres.password=short'), /\/dev\/postgres\/password': 'short' does not match/);
    assert.match(refused('monitoring.serviceMonitor.interval=often'), /\/monitoring\/serviceMonitor\/interval': 'often' does not match/);
    assert.match(refused('analysis.autoscaling.enabled=maybe'), /\/analysis\/autoscaling\/enabled': got string, want boolean/);
  });

  it('has a helm test that checks the edge is ready and analyses the bundled sample photo through it', () => {
    const test = render().find((object) => object.kind === 'Pod' && object.metadata.name === 'demo-gateway-edge-test') as K8sObject & { metadata: { annotations: Record<string, string> } };
    assert.equal(test.metadata.annotations['helm.sh/hook'], 'test');
    const [edge] = test.spec.containers;
    assert.deepEqual(edge.env, [
      { name: 'EDGE', value: 'http://demo-gateway:80' },
      { name: 'READYZ', value: 'http://demo-gateway:9468/readyz' },
    ]);
    const script = edge.command.at(-1) as string;
    for (const step of ['process.env.READYZ', '/assets/sample-portrait.jpg', '/v1/analyses']) assert.ok(script.includes(step), step);
    assert.equal(edge.securityContext.readOnlyRootFilesystem, true);
  });

  it('lets each service be called only by its callers', () => {
    const policies = render().filter((object) => object.kind === 'NetworkPolicy');
    const analysis = policies.find((policy) => policy.metadata.name === 'demo-analysis')!;
    const callers = analysis.spec.ingress[0].from.map((peer: { podSelector: { matchLabels: Record<string, string> } }) => peer.podSelector.matchLabels['app.kubernetes.io/name']);
    assert.deepEqual(callers.sort(), ['catalog', 'gateway']);
  });
});
