// `shine-doctor` (`npm run doctor`): checks a Shine release on the current kubeconfig context and
// prints what is healthy and what is not, with the likely cause. Exit 0 when nothing fails
// (warnings allowed), 1 when something fails, 2 when it cannot ask the cluster.
//   shine-doctor [--namespace shine] [--release demo] [--context prod] [--json]
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { diagnose } from './diagnose.ts';
import { isFailing } from './finding.ts';
import { readReleaseSnapshot } from './read-release-snapshot.ts';
import { renderReport } from './render-report.ts';

const usage = 'usage: shine-doctor [--namespace <ns>] [--release <name>] [--context <kube context>] [--json]';

const asJson = process.argv.includes('--json');

/** Stops with exit `code`; with --json the reason is also the JSON answer, so a script reads it as it reads findings. */
function fail(message: string, code: number): never {
  process.stderr.write(`shine-doctor: ${message}\n`);
  if (asJson) process.stdout.write(`${JSON.stringify({ healthy: false, error: message }, null, 2)}\n`);
  process.exit(code);
}

/**
 * Where a kubeconfig would come from, or undefined when there is none: without one,
 * KubeConfig.loadFromDefault() quietly points at http://localhost:8080, which here is Shine's own
 * gateway under `npm start`, and the error that follows blames the wrong thing.
 */
function kubeconfigSource(): string | undefined {
  if (process.env['KUBECONFIG']) return 'KUBECONFIG';
  if (existsSync(join(homedir(), '.kube', 'config'))) return '~/.kube/config';
  // In a pod only with its service account's token too, as KubeConfig judges it.
  if (process.env['KUBERNETES_SERVICE_HOST'] && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) return 'the pod\'s service account';
  return undefined;
}

let options;
try {
  options = parseArgs({
    options: {
      namespace: { type: 'string', short: 'n' },
      release: { type: 'string', short: 'r' },
      context: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
if (options.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

if (!kubeconfigSource()) {
  fail(
    'no kubeconfig: KUBECONFIG is not set, there is no ~/.kube/config and this is not a pod. shine-doctor checks a Shine ' +
      'release on Kubernetes (point KUBECONFIG at its cluster); Shine started with `npm start` answers for itself at ' +
      'http://127.0.0.1:9468/readyz (the gateway) and the other side ports its start-up lines list',
    2,
  );
}
const kubeConfig = new KubeConfig();
try {
  kubeConfig.loadFromDefault();
  if (options.context) kubeConfig.setCurrentContext(options.context);
} catch (error) {
  fail(`cannot read the kubeconfig: ${(error as Error).message}`, 2);
}
const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
if (!context) fail('the kubeconfig has no current context: pass --context or set one with kubectl config use-context', 2);
const namespace = options.namespace ?? context.namespace ?? 'default';
const where = `in namespace ${namespace}${options.release ? `, release ${options.release}` : ''} (context ${context.name})`;

let snapshot;
try {
  snapshot = await readReleaseSnapshot(kubeConfig, { namespace, release: options.release });
} catch (error) {
  fail(`cannot read ${where} from ${kubeConfig.getCurrentCluster()?.server ?? 'the API server'}: ${(error as Error).message}`, 2);
}
const findings = diagnose(snapshot);
if (options.json) {
  process.stdout.write(`${JSON.stringify({ context: context.name, namespace, release: options.release ?? null, healthy: !isFailing(findings), findings }, null, 2)}\n`);
} else {
  process.stdout.write(renderReport(findings, where));
}
process.exitCode = isFailing(findings) ? 1 : 0;
