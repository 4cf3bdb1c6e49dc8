// Warning events of the last hour about the release's objects: the evidence behind the other findings.
import type { Finding } from './finding.ts';
import type { CoreV1Event, ReleaseSnapshot } from './release-snapshot.ts';

const recentMs = 60 * 60 * 1000;

const lastSeen = (event: CoreV1Event) => new Date(event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? 0).getTime();

export function checkEvents(snapshot: ReleaseSnapshot): Finding[] {
  const names = new Set([...snapshot.pods, ...snapshot.services, ...snapshot.deployments, ...snapshot.autoscalers].map((object) => object.metadata?.name));
  // A Deployment's ReplicaSets are named after it: <deployment>-<hash>.
  const ownedByRelease = (name: string | undefined) => names.has(name) || snapshot.deployments.some((deployment) => name?.startsWith(`${deployment.metadata?.name}-`));
  const recent = snapshot.events.filter((event) => event.type === 'Warning' && ownedByRelease(event.involvedObject.name) && snapshot.readAt.getTime() - lastSeen(event) <= recentMs);
  const byObjectAndReason = new Map<string, CoreV1Event>();
  for (const event of recent.sort((a, b) => lastSeen(a) - lastSeen(b))) byObjectAndReason.set(`${event.involvedObject.kind}/${event.involvedObject.name}/${event.reason}`, event);
  return [...byObjectAndReason.values()].map((event) => ({
    check: 'events',
    object: `${event.involvedObject.kind}/${event.involvedObject.name}`,
    status: 'warning',
    detail: `${event.reason}: ${event.message?.trim() ?? ''}${(event.count ?? 1) > 1 ? ` (${event.count} times)` : ''}`,
  }));
}
