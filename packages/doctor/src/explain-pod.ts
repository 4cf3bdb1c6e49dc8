// Why a pod is not ready, in the words a person would use after reading `kubectl describe pod`.
import type { CoreV1Event, V1Pod } from './release-snapshot.ts';

export const isPodReady = (pod: V1Pod) => pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

const eventsOf = (pod: V1Pod, events: readonly CoreV1Event[]) =>
  events.filter((event) => event.involvedObject.kind === 'Pod' && event.involvedObject.name === pod.metadata?.name);

/** The pod's last exit: "last exit code 1 (Error): <message>". */
function lastExit(terminated: { exitCode: number; reason?: string; message?: string } | undefined): string {
  if (!terminated) return 'no exit recorded yet';
  const reason = terminated.reason ? ` (${terminated.reason})` : '';
  const message = terminated.message ? `: ${terminated.message.trim()}` : '';
  return `last exit code ${terminated.exitCode}${reason}${message}`;
}

export function whyPodIsNotReady(pod: V1Pod, events: readonly CoreV1Event[]): string {
  const name = pod.metadata?.name ?? 'the pod';
  if (!pod.spec?.nodeName) {
    const unschedulable = eventsOf(pod, events).findLast((event) => event.reason === 'FailedScheduling');
    return `${name} is not scheduled on any node${unschedulable?.message ? `: ${unschedulable.message}` : ' yet'}`;
  }
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    const restarts = `${status.restartCount} restart${status.restartCount === 1 ? '' : 's'}`;
    if (waiting?.reason === 'CrashLoopBackOff') return `container ${status.name} of ${name} is crash-looping (${restarts}): ${lastExit(status.lastState?.terminated)}`;
    if (waiting?.reason === 'ImagePullBackOff' || waiting?.reason === 'ErrImagePull') return `image ${status.image} of ${name} cannot be pulled${waiting.message ? `: ${waiting.message}` : ''}`;
    if (waiting?.reason) return `container ${status.name} of ${name} cannot start: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
    if (status.state?.terminated) return `container ${status.name} of ${name} has exited: ${lastExit(status.state.terminated)}`;
    if (!status.ready) {
      const probe = pod.spec.containers.find((container) => container.name === status.name)?.readinessProbe;
      const where = probe?.httpGet?.path ? ` on ${probe.httpGet.path}` : probe?.grpc ? ' (gRPC health)' : '';
      const failure = eventsOf(pod, events).findLast((event) => event.reason === 'Unhealthy' && event.message?.startsWith('Readiness probe failed'));
      const message = failure?.message?.replace(/^Readiness probe failed:\s*/, '').trim();
      return `readiness fails${where}${message ? `: ${message}` : ` for container ${status.name} of ${name}`}`;
    }
  }
  return `${name} is ${pod.status?.phase ?? 'in an unknown phase'} and not ready (kubectl describe pod ${name} says more)`;
}
