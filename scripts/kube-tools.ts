// `node scripts/kube-tools.ts`: builds a real Kubernetes control plane (kube-apiserver,
// kube-controller-manager, kube-scheduler, kubectl), etcd and kwok from the Go module proxy into
// the git-ignored .cache/kube/<kubernetes version>/bin (kwok's Stages beside it), for the tests that run the chart on a real
// API server. Tools already built at the wanted version are skipped. Go's module and build caches
// stay at their defaults in $HOME, so a rebuild after `rm -rf .cache` takes seconds, not minutes.
// Versions: scripts/kube-tools.json. Recipe and timings: ../shared/FACTS.md § Kubernetes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const versions = JSON.parse(readFileSync(join(root, 'scripts/kube-tools.json'), 'utf8')) as { kubernetes: string; etcd: string; kwok: string };
const kubeDir = join(root, '.cache/kube', versions.kubernetes);
const binDir = join(kubeDir, 'bin');
const kwokStagesFile = join(kubeDir, `kwok-${versions.kwok}-stages.yaml`);
const kubernetesCommands = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'];
// The staging modules that are examples, not dependencies of any command we build.
const unusedStaging = new Set(['k8s.io/sample-cli-plugin', 'k8s.io/sample-controller']);

const say = (line: string) => process.stderr.write(`kube-tools: ${line}\n`);
const go = process.env['GO'] ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go');

function run(args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(go, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`cannot run ${go}: ${result.error.message} (Go 1.26 is needed)`);
  if (result.status !== 0) throw new Error(`go ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.trim().split('\n').slice(-30).join('\n')}`);
  return result.stdout;
}

function timed<T>(what: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  say(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** True when `binary --version` names `version`, so a version bump rebuilds and nothing else does. */
function builtAt(binary: string, version: string): boolean {
  const path = join(binDir, binary);
  if (!existsSync(path)) return false;
  const result = spawnSync(path, binary === 'kubectl' ? ['version', '--client'] : ['--version'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.includes(version.replace(/^v/, ''));
}

/** The go.mod of `module@version` as published (downloaded into Go's module cache). */
function publishedGoMod(module: string, version: string, cwd: string): string {
  const info = JSON.parse(run(['mod', 'download', '-json', `${module}@${version}`], cwd)) as { GoMod: string };
  return readFileSync(info.GoMod, 'utf8');
}

/**
 * The modules a published go.mod replaces with folders of its own repository: a consumer has to
 * replace each with the same module at the released `version`, as `go install` cannot.
 */
export function localReplacements(goMod: string, version: string, skip: ReadonlySet<string> = new Set()): string[] {
  const lines = [...goMod.matchAll(/^\s*(?:replace\s+)?(\S+)\s+=>\s+(\.{1,2}\/\S*)\s*$/gm)];
  return lines.map(([, module]) => module!).filter((module) => !skip.has(module)).map((module) => `\t${module} => ${module} ${version}`);
}

/** A throwaway main module that requires `module@version` with `replacements`, in .cache/kube/<name>. */
function scratchModule(name: string, goVersion: string, module: string, version: string, replacements: string[]): string {
  const dir = join(kubeDir, 'scratch', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module shine.local/kube-tools/${name}\n\ngo ${goVersion}\n\nrequire ${module} ${version}\n\nreplace (\n${replacements.join('\n')}\n)\n`);
  return dir;
}

const goVersionOf = (goMod: string) => /^go\s+(\S+)/m.exec(goMod)?.[1] ?? '1.26';

function buildKubernetes(missing: string[]): void {
  const { kubernetes: version } = versions;
  const goMod = publishedGoMod('k8s.io/kubernetes', version, kubeDir);
  // The staging modules are published as k8s.io/<name> v0.<minor>.<patch> alongside v1.<minor>.<patch>.
  const stagingVersion = version.replace(/^v1\./, 'v0.');
  const replacements = localReplacements(goMod, stagingVersion, unusedStaging);
  say(`kubernetes ${version}: ${replacements.length} staging modules replaced with their ${stagingVersion} releases`);
  const dir = scratchModule('kubernetes', goVersionOf(goMod), 'k8s.io/kubernetes', version, replacements);
  const packages = missing.map((command) => `k8s.io/kubernetes/cmd/${command}`);
  timed(`go get ${missing.join(' ')}`, () => run(['get', ...packages.map((path) => `${path}@${version}`)], dir));
  // Without these the binaries report v0.0.0, and kubectl and helm reason about versions.
  const [major, minor] = version.replace(/^v/, '').split('.');
  const ldflags = [
    `-X k8s.io/component-base/version.gitVersion=${version}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${version}`,
  ].join(' ');
  // One at a time: kube-apiserver alone takes ~3 GB to link, and the machine is shared.
  for (const [index, command] of missing.entries()) {
    timed(`build ${command}`, () => run(['build', '-ldflags', ldflags, '-o', join(binDir, command), packages[index]!], dir));
  }
}

function buildEtcd(): void {
  const { etcd: version } = versions;
  const goMod = publishedGoMod('go.etcd.io/etcd/server/v3', version, kubeDir);
  const dir = scratchModule('etcd', goVersionOf(goMod), 'go.etcd.io/etcd/server/v3', version, localReplacements(goMod, version));
  timed('go get etcd', () => run(['get', `go.etcd.io/etcd/server/v3@${version}`], dir));
  timed('build etcd', () => run(['build', '-o', join(binDir, 'etcd'), 'go.etcd.io/etcd/server/v3'], dir));
}

function installKwok(): void {
  timed('go install kwok', () => run(['install', `sigs.k8s.io/kwok/cmd/kwok@${versions.kwok}`], kubeDir, { GOBIN: binDir }));
}

/** The Stages kwokctl gives kwok by default: nodes turn Ready and keep a lease; pods turn Ready, complete, go. */
const kwokStages = [
  'node/fast/node-initialize.yaml',
  'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'pod/fast/pod-ready.yaml',
  'pod/fast/pod-complete.yaml',
  'pod/fast/pod-delete.yaml',
];

/**
 * kwok v0.8 runs only the Stages its --config names (kwokctl passes its embedded defaults);
 * copy those from the kwok module into one file beside the binaries.
 */
function writeKwokStages(): void {
  const info = JSON.parse(run(['mod', 'download', '-json', `sigs.k8s.io/kwok@${versions.kwok}`], kubeDir)) as { Dir: string };
  const stages = kwokStages.map((stage) => readFileSync(join(info.Dir, 'kustomize/stage', stage), 'utf8').trim());
  writeFileSync(kwokStagesFile, `${stages.join('\n---\n')}\n`);
}

export function main(): void {
  mkdirSync(binDir, { recursive: true });
  const started = performance.now();
  say(`${execFileSync(go, ['version'], { encoding: 'utf8' }).trim()}; tools into ${binDir}`);
  const missing = kubernetesCommands.filter((command) => !builtAt(command, versions.kubernetes));
  if (missing.length > 0) buildKubernetes(missing);
  if (!builtAt('etcd', versions.etcd)) buildEtcd();
  if (!builtAt('kwok', versions.kwok)) installKwok();
  if (!existsSync(kwokStagesFile)) writeKwokStages();
  const wanted: [string, string][] = [...kubernetesCommands.map((command): [string, string] => [command, versions.kubernetes]), ['etcd', versions.etcd], ['kwok', versions.kwok]];
  for (const [tool, version] of wanted) {
    if (!builtAt(tool, version)) throw new Error(`${tool} was built but does not report version ${version}`);
  }
  rmSync(join(kubeDir, 'scratch'), { recursive: true, force: true });
  say(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
