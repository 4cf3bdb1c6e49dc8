// The doctor's whole judgement: the request's path (edge → Service → endpoints → pods), then each
// service's Deployment, autoscaler, pods and recent warnings, failing first.
import { checkAutoscalers } from './check-autoscalers.ts';
import { checkDeployments } from './check-deployments.ts';
import { checkEdge } from './check-edge.ts';
import { checkEvents } from './check-events.ts';
import { checkPods } from './check-pods.ts';
import { checkServices } from './check-services.ts';
import type { Finding, FindingStatus } from './finding.ts';
import type { ReleaseSnapshot } from './release-snapshot.ts';

const order: Record<FindingStatus, number> = { failing: 0, warning: 1, healthy: 2 };

export function diagnose(snapshot: ReleaseSnapshot): Finding[] {
  const findings = [
    ...checkEdge(snapshot),
    ...checkServices(snapshot),
    ...checkDeployments(snapshot),
    ...checkAutoscalers(snapshot),
    ...checkPods(snapshot),
    ...checkEvents(snapshot),
  ];
  // Stable: within a status, the path's order stays.
  return findings.toSorted((a, b) => order[a.status] - order[b.status]);
}
