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
  const judged = [...checkEdge(snapshot), ...checkServices(snapshot), ...checkDeployments(snapshot), ...checkAutoscalers(snapshot), ...checkPods(snapshot)];
  // Events are evidence: shown for objects nothing above has already explained.
  const explained = new Set(judged.filter((finding) => finding.status !== 'healthy').map((finding) => finding.object));
  const findings = [...judged, ...checkEvents(snapshot).filter((finding) => !explained.has(finding.object))];
  // Stable: within a status, the path's order stays.
  return findings.toSorted((a, b) => order[a.status] - order[b.status]);
}
