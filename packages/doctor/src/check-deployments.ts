// Each service's Deployment: its replicas ready, and its container as the chart promised it
// (requests = limits at the promised sizes, all three probes).
import { promisedProbes, promisedResources } from './chart-promises.ts';
import { isPodReady, whyPodIsNotReady } from './explain-pod.ts';
import type { Finding } from './finding.ts';
import { sameQuantity } from './quantity.ts';
import type { ReleaseSnapshot, V1Deployment } from './release-snapshot.ts';
import { podsSelectedBy } from './select-pods.ts';

const serviceOf = (deployment: V1Deployment) => deployment.metadata?.labels?.['app.kubernetes.io/name'] ?? deployment.metadata?.name ?? '';

function checkReplicas(deployment: V1Deployment, snapshot: ReleaseSnapshot): Finding {
  const object = `Deployment/${deployment.metadata?.name}`;
  const wanted = deployment.spec?.replicas ?? 1;
  const ready = deployment.status?.readyReplicas ?? 0;
  if (ready >= wanted) return { check: 'deployment', object, status: 'healthy', detail: `${ready}/${wanted} replicas ready` };
  const pods = podsSelectedBy(deployment.spec?.selector.matchLabels, snapshot.pods);
  const unready = pods.find((pod) => !isPodReady(pod));
  const cause = unready ? whyPodIsNotReady(unready, snapshot.events) : 'no pod exists for it: check its ReplicaSet\'s events (quota, admission)';
  return { check: 'deployment', object, status: ready === 0 ? 'failing' : 'warning', detail: `${ready}/${wanted} replicas ready: ${cause}` };
}

function checkContainer(deployment: V1Deployment): Finding[] {
  const service = serviceOf(deployment);
  const object = `Deployment/${deployment.metadata?.name}`;
  const containers = deployment.spec?.template.spec?.containers ?? [];
  const container = containers.find((candidate) => candidate.name === service) ?? containers[0];
  if (!container) return [];
  const { requests = {}, limits = {} } = container.resources ?? {};
  const findings: Finding[] = [];
  const promised = promisedResources[service];
  const size = `${requests['cpu'] ?? 'no'} CPU / ${requests['memory'] ?? 'no'} memory requested, ${limits['cpu'] ?? 'no'} / ${limits['memory'] ?? 'no'} limit`;
  if (promised && !(['cpu', 'memory'] as const).every((resource) => sameQuantity(requests[resource], promised[resource]) && sameQuantity(limits[resource], promised[resource]))) {
    findings.push({ check: 'resources', object, status: 'warning', detail: `${size}; the chart promises ${promised.cpu} CPU / ${promised.memory} as requests = limits` });
  } else if (!(['cpu', 'memory'] as const).every((resource) => sameQuantity(requests[resource], limits[resource]))) {
    findings.push({ check: 'resources', object, status: 'warning', detail: `${size}; the chart sets requests = limits, so this pod can be squeezed or evicted first` });
  } else {
    findings.push({ check: 'resources', object, status: 'healthy', detail: `${requests['cpu']} CPU / ${requests['memory']}, requests = limits` });
  }
  const missing = promisedProbes.filter((probe) => !container[probe]);
  findings.push(missing.length > 0
    ? { check: 'probes', object, status: 'warning', detail: `no ${missing.join(', ')}: Kubernetes cannot tell when ${service} is started, ready or stuck` }
    : { check: 'probes', object, status: 'healthy', detail: 'startup, readiness and liveness probes set' });
  return findings;
}

export function checkDeployments(snapshot: ReleaseSnapshot): Finding[] {
  return snapshot.deployments.flatMap((deployment) => [checkReplicas(deployment, snapshot), ...checkContainer(deployment)]);
}
