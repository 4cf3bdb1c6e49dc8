// charts/shine rendered by a real Helm, checked for what the chart promises a platform team.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const chart = fileURLToPath(new URL('../charts/shine', import.meta.url));
// .ci/run builds Helm with `go install`, into Go's default bin folder.
const helm = [process.env['HELM'], join(homedir(), 'go/bin/helm'), 'helm'].find((candidate) => candidate && spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0);
const skip = !helm && !process.env['CI'] ? 'no helm here (go install helm.sh/helm/v3/cmd/helm@v3.22.0)' : false;

interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec: any;
}

function render(...sets: string[]): K8sObject[] {
  const output = execFileSync(helm!, ['template', 'demo', chart, '--kube-version', '1.31.0', ...sets.flatMap((set) => ['--set', set])], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject).filter(Boolean);
}

const container = (objects: K8sObject[], name: string) => objects.find((object) => object.kind === 'Deployment' && object.metadata.name === `demo-${name}`)!.spec.template.spec.containers[0];
const env = (objects: K8sObject[], name: string, variable: string) => container(objects, name).env.find((entry: { name: string }) => entry.name === variable)?.value;

describe('the Helm chart', { skip }, () => {
  it('passes helm lint --strict', () => {
    execFileSync(helm!, ['lint', '--strict', chart], { stdio: 'pipe' });
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
      const result = spawnSync(helm!, ['template', 'demo', chart, '--kube-version', '1.31.0', ...sets.flatMap((set) => ['--set', set])], { encoding: 'utf8' });
      assert.notEqual(result.status, 0, `${sets.join(' ')} was accepted`);
      return result.stderr;
    };
    assert.match(refused('analysis.resources.cpu=two'), /\/analysis\/resources\/cpu': 'two' does not match/);
    assert.match(refused('gateway.replicas=0'), /\/gateway\/replicas': minimum: got 0, want 1/);
    assert.match(refused('global.logLevel=loud'), /\/global\/logLevel/);
    assert.match(refused('palette.memmory=1Gi'), /additional properties 'memmory' not allowed/);
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
