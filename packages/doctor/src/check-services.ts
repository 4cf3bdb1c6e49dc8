// Service → EndpointSlices → ready pods: does each Service send its traffic somewhere?
import { isPodReady, whyPodIsNotReady } from './explain-pod.ts';
import type { Finding } from './finding.ts';
import type { ReleaseSnapshot, V1Service } from './release-snapshot.ts';
import { describeSelector, podsSelectedBy } from './select-pods.ts';

/** Ready addresses across the Service's EndpointSlices; an unset `ready` counts as ready (API contract). */
function readyEndpoints(service: V1Service, snapshot: ReleaseSnapshot): number {
  const slices = snapshot.endpointSlices.filter((slice) => slice.metadata?.labels?.['kubernetes.io/service-name'] === service.metadata?.name);
  return slices.flatMap((slice) => slice.endpoints ?? []).filter((endpoint) => endpoint.conditions?.ready !== false).length;
}

export function checkServices(snapshot: ReleaseSnapshot): Finding[] {
  return snapshot.services.filter((service) => service.spec?.selector).map((service): Finding => {
    const object = `Service/${service.metadata?.name}`;
    const selector = service.spec!.selector!;
    const ready = readyEndpoints(service, snapshot);
    if (ready > 0) return { check: 'service', object, status: 'healthy', detail: `${ready} ready endpoint${ready === 1 ? '' : 's'}` };
    const pods = podsSelectedBy(selector, snapshot.pods);
    if (pods.length === 0) {
      return { check: 'service', object, status: 'failing', detail: `Service selects no pod: nothing matches ${describeSelector(selector)} (is its Deployment missing or scaled to 0?)` };
    }
    const unready = pods.find((pod) => !isPodReady(pod));
    if (unready) return { check: 'service', object, status: 'failing', detail: `Service selects no ready pod: ${whyPodIsNotReady(unready, snapshot.events)}` };
    return { check: 'service', object, status: 'failing', detail: `its ${pods.length} pods are ready but no endpoint lists them: do the Service's target ports name ports the pods declare?` };
  });
}
