// Pods that restart: crash-looping now (failing), or restarted often and running again (warning).
import { whyPodIsNotReady } from './explain-pod.ts';
import type { Finding } from './finding.ts';
import type { ReleaseSnapshot } from './release-snapshot.ts';

/** Restarts a running pod may have before they are worth a look. */
const restartsWorthALook = 3;

export function checkPods(snapshot: ReleaseSnapshot): Finding[] {
  return snapshot.pods.flatMap((pod): Finding[] => {
    const object = `Pod/${pod.metadata?.name}`;
    const statuses = pod.status?.containerStatuses ?? [];
    if (statuses.some((status) => status.state?.waiting?.reason === 'CrashLoopBackOff')) {
      return [{ check: 'pod', object, status: 'failing', detail: whyPodIsNotReady(pod, snapshot.events) }];
    }
    return statuses.filter((status) => status.restartCount >= restartsWorthALook).map((status) => {
      const last = status.lastState?.terminated;
      const exit = last ? `, last exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}` : '';
      return { check: 'pod', object, status: 'warning', detail: `container ${status.name} restarted ${status.restartCount} times${exit}` };
    });
  });
}
