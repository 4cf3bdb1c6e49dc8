// charts/shine on a real Kubernetes API server (etcd, kube-apiserver, controller-manager, scheduler)
// with kwok's fake nodes: every rendered object accepted by the server, a real install and upgrade
// that --wait sees through, and bad values refused. helm lint and client-side rendering miss wrong
// types and unknown fields; the API server does not. Tools: `node scripts/kube-tools.ts`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubeClusterUnavailable, startKubeCluster, type KubeCluster } from './support/kube-cluster.ts';

const chart = fileURLToPath(new URL('../charts/shine', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
// .ci/run builds Helm with `go install`, into Go's default bin folder.
const helm = [process.env['HELM'], join(homedir(), 'go/bin/helm'), 'helm'].find((candidate) => candidate && spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0);
const unavailable = helm ? kubeClusterUnavailable() : 'no helm here (go install helm.sh/helm/v3/cmd/helm@v3.22.0)';
// Outside CI a missing tool skips the file; in CI it fails, when the cluster cannot start.
const skip = unavailable && !process.env['CI'] ? unavailable : false;

const devValues = join(chart, 'values-dev.yaml');
const valueSets = [
  { name: 'default', files: [] as string[] },
  { name: 'dev', files: [devValues], skip: existsSync(devValues) ? false : 'charts/shine/values-dev.yaml does not exist yet' },
  { name: 'production-like', files: [fixture('values-production.yaml')] },
];

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean };
  env?: { name: string; value?: string }[];
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
}
interface KubeObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; generation?: number };
  spec?: { replicas?: number; template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } } & Partial<PodSpec>;
  status?: { readyReplicas?: number; updatedReplicas?: number; observedGeneration?: number; phase?: string; conditions?: { type: string; status: string }[] };
}

/** The pod spec of anything that makes pods, or undefined for the rest. */
function podSpecOf(object: KubeObject): PodSpec | undefined {
  if (object.kind === 'Pod') return object.spec as PodSpec;
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec.template.spec;
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(object.kind) ? object.spec?.template?.spec : undefined;
}

const serviceOf = (object: KubeObject) => object.metadata.labels?.['app.kubernetes.io/name'];

function mainContainer(objects: KubeObject[], service: string): Container {
  const deployment = objects.find((object) => object.kind === 'Deployment' && serviceOf(object) === service);
  assert.ok(deployment, `no Deployment labelled app.kubernetes.io/name=${service}`);
  const container = podSpecOf(deployment)!.containers.find((candidate) => candidate.name === service);
  assert.ok(container, `the ${service} Deployment has no container named ${service}`);
  return container;
}

/** What the platform promised: analysis 2 CPU / 6Gi and the gateway 500m / 1Gi, requests = limits. */
function assertPromisedResources(objects: KubeObject[], valuesName: string): void {
  const exactly = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
  assert.deepEqual(mainContainer(objects, 'analysis').resources, exactly('2', '6Gi'), `analysis with ${valuesName} values`);
  assert.deepEqual(mainContainer(objects, 'gateway').resources, exactly('500m', '1Gi'), `gateway with ${valuesName} values`);
}

/** Every container of every pod runs as non-root on a read-only root filesystem. */
function assertNonRootReadOnly(objects: KubeObject[], valuesName: string): number {
  let pods = 0;
  for (const object of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    pods += 1;
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      const where = `${object.kind} ${object.metadata.name}, container ${container.name}, with ${valuesName} values`;
      assert.equal(container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, true, `${where}: runAsNonRoot`);
      assert.equal(container.securityContext?.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
    }
  }
  return pods;
}

/** `check` once it stops throwing, retried every half second for up to `ms`; its last error otherwise. */
async function eventually<T>(check: () => T, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

describe('charts/shine on a real API server', { skip }, () => {
  let cluster: KubeCluster;
  // helm template renders for this version, as helm install does for the server it talks to.
  let kubeVersion: string;
  const run = (args: string[], input?: string) => {
    const result = cluster.run(helm!, args, input);
    if (result.status !== 0) throw new Error(`helm ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stderr.trim()}`);
    return result.stdout;
  };
  const items = (args: string[]) => (JSON.parse(cluster.kubectl([...args, '-o', 'json'])) as { items: KubeObject[] }).items;

  before(async () => {
    cluster = await startKubeCluster({ nodes: 2 });
    kubeVersion = (JSON.parse(cluster.kubectl(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion;
  });
  after(async () => {
    await cluster?.stop();
  });

  for (const values of valueSets) {
    it(`passes helm lint --strict with the ${values.name} values`, { skip: values.skip ?? false }, () => {
      run(['lint', '--strict', chart, ...values.files.flatMap((file) => ['-f', file])]);
    });

    it(`accepts every object rendered with the ${values.name} values (kubectl apply --dry-run=server)`, { skip: values.skip ?? false }, async () => {
      const namespace = `dry-run-${values.name}`;
      await cluster.createNamespace(namespace);
      const manifest = run(['template', 'demo', chart, '--namespace', namespace, '--kube-version', kubeVersion, ...values.files.flatMap((file) => ['-f', file])]);
      // The objects as the server would store them: defaulted, and refused on a wrong type or unknown field.
      const accepted = JSON.parse(cluster.kubectl(['apply', '--dry-run=server', '--validate=strict', '--namespace', namespace, '-o', 'json', '-f', '-'], manifest)) as KubeObject | { items: KubeObject[] };
      const objects = 'items' in accepted ? accepted.items : [accepted];
      assert.ok(objects.some((object) => object.kind === 'Deployment'), 'the server returned the rendered Deployments');
      assertPromisedResources(objects, values.name);
      assert.ok(assertNonRootReadOnly(objects, values.name) >= 5, 'at least one pod template per service');
    });
  }

  describe('helm install and upgrade, waiting for the pods', () => {
    const namespace = 'shine';
    const revision = () => (JSON.parse(run(['status', 'demo', '--namespace', namespace, '-o', 'json'])) as { version: number; info: { status: string } });
    const deployments = () => items(['get', 'deployments', '--namespace', namespace]);

    /** Every Deployment rolled out: the latest generation observed and every replica updated and ready. */
    const assertRolledOut = () => {
      const all = deployments();
      assert.equal(all.length, 5);
      for (const deployment of all) {
        const { replicas } = deployment.spec!;
        assert.equal(deployment.status?.observedGeneration, deployment.metadata.generation, deployment.metadata.name);
        assert.equal(deployment.status?.updatedReplicas, replicas, deployment.metadata.name);
        assert.equal(deployment.status?.readyReplicas, replicas, deployment.metadata.name);
      }
      return all;
    };

    before(async () => {
      await cluster.createNamespace(namespace);
      // The chart reads PostgreSQL URLs from a Secret the platform team creates (global.postgres.existingSecret).
      cluster.kubectl(['create', 'secret', 'generic', 'shine-postgres', '--namespace', namespace,
        ...['analysis', 'catalog', 'recommender'].map((database) => `--from-literal=${database}=postgres://shine@postgres.data:5432/${database}`)]);
    });

    it('installs, and --wait returns once every Deployment has its replicas ready on the fake nodes', { timeout: 300_000 }, () => {
      run(['install', 'demo', chart, '--namespace', namespace, '--wait', '--timeout', '4m']);
      assert.deepEqual(revision().version, 1);
      assert.equal(revision().info.status, 'deployed');
      const live = assertRolledOut();
      assertPromisedResources(live, 'default');
      // kwok marks these pods Running and Ready without starting any container: they prove the
      // objects schedule and roll out, not that Shine runs.
      const pods = items(['get', 'pods', '--namespace', namespace]);
      assert.equal(pods.length, live.reduce((sum, deployment) => sum + deployment.spec!.replicas!, 0));
      for (const pod of pods) {
        assert.equal(pod.status?.phase, 'Running', pod.metadata.name);
        assert.ok(cluster.nodes.includes(pod.spec!.nodeName!), `${pod.metadata.name} on a fake node`);
      }
      assertNonRootReadOnly(pods, 'default');
      const analysisPod = pods.find((pod) => serviceOf(pod) === 'analysis')!;
      assert.deepEqual(analysisPod.spec!.containers![0]!.resources, { requests: { cpu: '2', memory: '6Gi' }, limits: { cpu: '2', memory: '6Gi' } });
    });

    it('upgrades with a changed value to revision 2, rolling every pod to it', { timeout: 300_000 }, async () => {
      // With autoscaling on the HPA owns palette's replicas; off, the chart's count applies.
      run(['upgrade', 'demo', chart, '--namespace', namespace, '--reuse-values', '--set', 'global.logLevel=debug',
        '--set', 'palette.autoscaling.enabled=false', '--set', 'palette.replicas=3', '--wait', '--timeout', '4m']);
      assert.equal(revision().version, 2);
      assert.equal(revision().info.status, 'deployed');
      // --wait returns once the new pods are ready; the replaced ones may still be terminating.
      const live = await eventually(assertRolledOut, 30_000);
      assert.equal(live.find((deployment) => serviceOf(deployment) === 'palette')!.spec!.replicas, 3);
      assert.equal(live.find((deployment) => serviceOf(deployment) === 'palette')!.status?.readyReplicas, 3);
      assertPromisedResources(live, 'upgraded');
      const pods = items(['get', 'pods', '--namespace', namespace]);
      assertNonRootReadOnly(pods, 'upgraded');
      for (const pod of pods) {
        const level = pod.spec!.containers![0]!.env?.find((variable) => variable.name === 'LOG_LEVEL')?.value;
        assert.equal(level, 'debug', `${pod.metadata.name} runs the upgraded settings`);
      }
    });

    it('refuses a bad values file with the schema\'s message, installing nothing', () => {
      const refused = cluster.run(helm!, ['install', 'bad', chart, '--namespace', namespace, '-f', fixture('values-bad.yaml')]);
      assert.notEqual(refused.status, 0, 'helm install accepted values-bad.yaml');
      assert.match(refused.stderr, /values don't meet the specifications of the schema/);
      assert.match(refused.stderr, /\/analysis\/resources\/cpu': 'two' does not match/);
      assert.match(refused.stderr, /\/gateway\/replicas': minimum: got 0, want 1/);
      assert.deepEqual(JSON.parse(run(['list', '--namespace', namespace, '--all', '-o', 'json'])).map((release: { name: string }) => release.name), ['demo']);
    });
  });
});
