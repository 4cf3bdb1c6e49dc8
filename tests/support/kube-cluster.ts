// A throwaway Kubernetes cluster without a container engine: a real etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler on free loopback ports, and kwok playing the kubelet
// of a few fake nodes. kwok marks pods Running and Ready without running anything in them, so
// Deployments report ready replicas and `helm install --wait` completes; no container ever starts.
// The tools come from `node scripts/kube-tools.ts` (.cache/kube/<version>/bin).
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@shine/platform/testing';
import { makeKubeCertificates, type KubeCertificates } from './kube-certificates.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const versions = JSON.parse(readFileSync(join(root, 'scripts/kube-tools.json'), 'utf8')) as { kubernetes: string; kwok: string };
const kubeDir = process.env['KUBE_TOOLS_DIR'] ?? join(root, '.cache/kube', versions.kubernetes);
const kubeBin = join(kubeDir, 'bin');
const kwokStages = join(kubeDir, `kwok-${versions.kwok}-stages.yaml`);
const tools = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok'] as const;

/** Why a cluster cannot start here (a tool or openssl is missing), or undefined when it can. */
export function kubeClusterUnavailable(): string | undefined {
  const missing = tools.filter((tool) => !existsSync(join(kubeBin, tool)));
  if (missing.length > 0) return `${missing.join(', ')} not built in ${kubeBin} (node scripts/kube-tools.ts builds them)`;
  if (!existsSync(kwokStages)) return `${kwokStages} is missing (node scripts/kube-tools.ts writes it)`;
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) return 'openssl is not installed';
  return undefined;
}

export interface KubeCluster {
  readonly kubeconfig: string;
  /** The API server's URL, https://127.0.0.1:<port>. */
  readonly server: string;
  readonly certificates: KubeCertificates;
  /** KUBECONFIG, and HOME and Helm's folders inside the cluster's dir, so kubectl and helm cache nothing in ~. */
  readonly env: Readonly<Record<string, string>>;
  readonly nodes: readonly string[];
  /** Runs `command` (helm, kubectl, …) against this cluster, with `env`; never throws on a non-zero exit. */
  run(command: string, args: string[], input?: string): SpawnSyncReturns<string>;
  /** Runs the cluster's kubectl; throws with its stderr when it fails. */
  kubectl(args: string[], input?: string): string;
  /** Creates a namespace, and waits for its `default` ServiceAccount, without which no pod is admitted. */
  createNamespace(name: string): Promise<void>;
  stop(): Promise<void>;
}

interface Component {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

function tail(log: string, lines = 25): string {
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** HTTPS GET with the cluster's CA and admin certificate: status code, or undefined when nothing answers. */
function probe(url: string, certificates: KubeCertificates): Promise<number | undefined> {
  return new Promise((resolve) => {
    const call = request(url, {
      ca: readFileSync(certificates.caCert),
      cert: readFileSync(certificates.adminCert),
      key: readFileSync(certificates.adminKey),
      timeout: 2_000,
    }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    call.on('timeout', () => call.destroy());
    call.on('error', () => resolve(undefined));
    call.end();
  });
}

/** Polls `ready` every 200 ms until it is true; fails after `timeoutMs`, or at once when `component` exits. */
async function until(what: string, ready: () => Promise<boolean>, component: Component, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (component.child.exitCode !== null || component.child.signalCode !== null) {
      throw new Error(`${component.name} exited (${component.child.exitCode ?? component.child.signalCode}) before ${what}; the end of ${component.log}:\n${tail(component.log)}`);
    }
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within ${seconds(timeoutMs)}; the end of ${component.log}:\n${tail(component.log)}`);
}

function writeKubeconfig(path: string, server: string, certificates: KubeCertificates): void {
  writeFileSync(path, [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: shine-test\n    cluster: { server: "${server}", certificate-authority: "${certificates.caCert}" }`,
    'users:',
    `  - name: admin\n    user: { client-certificate: "${certificates.adminCert}", client-key: "${certificates.adminKey}" }`,
    'contexts:',
    '  - name: shine-test\n    context: { cluster: shine-test, user: admin, namespace: default }',
    'current-context: shine-test',
    '',
  ].join('\n'));
}

/** A Node that kwok manages (its annotation), roomy enough for the chart's Guaranteed pods. */
function fakeNode(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
    },
    status: {
      capacity: { cpu: '32', memory: '128Gi', pods: '110' },
      allocatable: { cpu: '32', memory: '128Gi', pods: '110' },
    },
  });
}

export async function startKubeCluster(options: { nodes?: number; timeoutMs?: number } = {}): Promise<KubeCluster> {
  const unavailable = kubeClusterUnavailable();
  if (unavailable) throw new Error(`cannot start a cluster: ${unavailable}`);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'shine-kube-'));
  const components: Component[] = [];
  // A test file that ends without stop() (a crash, a forgotten after()) leaves no control plane behind.
  const killLeftovers = () => components.forEach(({ child }) => child.kill('SIGKILL'));
  process.once('exit', killLeftovers);
  const stop = async () => {
    process.off('exit', killLeftovers);
    for (const component of components.toReversed()) {
      const { child } = component;
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = {
    HOME: home,
    KUBECONFIG: join(dir, 'admin.kubeconfig'),
    HELM_CACHE_HOME: join(home, 'helm-cache'),
    HELM_CONFIG_HOME: join(home, 'helm-config'),
    HELM_DATA_HOME: join(home, 'helm-data'),
  };
  const start = (name: string, args: string[]): Component => {
    const log = join(dir, `${name}.log`);
    const output = openSync(log, 'w');
    const child = spawn(join(kubeBin, name), args, { cwd: dir, stdio: ['ignore', output, output], env: { ...process.env, ...env } });
    closeSync(output);
    const component = { name, child, log };
    components.push(component);
    return component;
  };

  try {
    const certificates = makeKubeCertificates(dir);
    const [etcdPort, etcdPeerPort, apiPort, controllerManagerPort, schedulerPort, kwokPort] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
    const server = `https://127.0.0.1:${apiPort}`;
    writeKubeconfig(env.KUBECONFIG, server, certificates);
    const serving = [`--tls-cert-file=${certificates.servingCert}`, `--tls-private-key-file=${certificates.servingKey}`];
    const asAdmin = [`--kubeconfig=${env.KUBECONFIG}`, `--authentication-kubeconfig=${env.KUBECONFIG}`, `--authorization-kubeconfig=${env.KUBECONFIG}`];

    const etcd = start('etcd', [
      '--name=shine-test', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=shine-test=http://127.0.0.1:${etcdPeerPort}`,
      // A throwaway store: durability buys nothing, fsync costs seconds on a busy disk.
      '--unsafe-no-fsync',
    ]);
    await until('etcd answering /health', () => fetch(`http://127.0.0.1:${etcdPort}/health`).then((response) => response.ok, () => false), etcd, timeoutMs);

    const apiserver = start('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      ...serving,
      `--client-ca-file=${certificates.caCert}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-key-file=${certificates.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${certificates.serviceAccountKey}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.96.0.0/16',
      // The default reconciler publishes the advertise address as the kubernetes Service's
      // endpoint, and refuses a loopback one.
      '--endpoint-reconciler-type=none',
    ]);
    await until('kube-apiserver answering /readyz', async () => (await probe(`${server}/readyz`, certificates)) === 200, apiserver, timeoutMs);

    const controllerManager = start('kube-controller-manager', [
      ...asAdmin, ...serving,
      '--bind-address=127.0.0.1', `--secure-port=${controllerManagerPort}`,
      '--leader-elect=false',
      `--service-account-private-key-file=${certificates.serviceAccountKey}`,
      `--root-ca-file=${certificates.caCert}`,
    ]);
    const scheduler = start('kube-scheduler', [...asAdmin, ...serving, '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`, '--leader-elect=false']);
    const kwok = start('kwok', [
      `--kubeconfig=${env.KUBECONFIG}`,
      `--config=${kwokStages}`,
      '--node-lease-duration-seconds=40',
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      // Objects carrying this annotation keep the status a test writes through the API.
      '--disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom',
      '--cidr=10.244.0.0/16', '--node-ip=10.0.0.1',
      `--server-address=127.0.0.1:${kwokPort}`,
    ]);
    await until('kube-controller-manager answering /healthz', async () => (await probe(`https://127.0.0.1:${controllerManagerPort}/healthz`, certificates)) === 200, controllerManager, timeoutMs);
    await until('kube-scheduler answering /healthz', async () => (await probe(`https://127.0.0.1:${schedulerPort}/healthz`, certificates)) === 200, scheduler, timeoutMs);
    await until('kwok answering /healthz', () => fetch(`http://127.0.0.1:${kwokPort}/healthz`).then((response) => response.ok, () => false), kwok, timeoutMs);

    const run = (command: string, args: string[], input?: string) =>
      spawnSync(command, args, { input, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    const kubectl = (args: string[], input?: string) => {
      const result = run(join(kubeBin, 'kubectl'), args, input);
      if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stderr.trim()}`);
      return result.stdout;
    };
    const nodes = Array.from({ length: options.nodes ?? 2 }, (_, index) => `kwok-node-${index}`);
    for (const node of nodes) kubectl(['create', '-f', '-'], fakeNode(node));
    await until('every fake node Ready', async () => {
      const ready = kubectl(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
      return ready.split('\n').filter((status) => status === 'True').length === nodes.length;
    }, kwok, timeoutMs);
    // The controller-manager's service-account controller makes `default` in each namespace.
    const createNamespace = async (name: string) => {
      if (name !== 'default') kubectl(['create', 'namespace', name]);
      const made = async () => run(join(kubeBin, 'kubectl'), ['get', 'serviceaccount', 'default', '--namespace', name]).status === 0;
      await until(`the default ServiceAccount in namespace ${name}`, made, controllerManager, timeoutMs);
    };
    await createNamespace('default');

    return { kubeconfig: env.KUBECONFIG, server, certificates, env, nodes, run, kubectl, createNamespace, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
