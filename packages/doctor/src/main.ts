// `shine-doctor` (`npm run doctor`): checks a Shine release on the current kubeconfig context and
// prints what is healthy and what is not, with the likely cause. Exit 0 when nothing fails
// (warnings allowed), 1 when something fails, 2 when it cannot ask the cluster.
//   shine-doctor [--namespace shine] [--release demo] [--context prod] [--json]
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { diagnose } from './diagnose.ts';
import { isFailing } from './finding.ts';
import { readReleaseSnapshot } from './read-release-snapshot.ts';
import { renderReport } from './render-report.ts';

const usage = 'usage: shine-doctor [--namespace <ns>] [--release <name>] [--context <kube context>] [--json]';

function fail(message: string, code: number): never {
  process.stderr.write(`shine-doctor: ${message}\n`);
  process.exit(code);
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
