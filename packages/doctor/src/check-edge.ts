// The first step of a request: an HTTPRoute or Ingress that sends it to the gateway's Service.
import type { Finding } from './finding.ts';
import type { ReleaseSnapshot } from './release-snapshot.ts';

export function checkEdge(snapshot: ReleaseSnapshot): Finding[] {
  const gateway = snapshot.services.find((service) => service.metadata?.labels?.['app.kubernetes.io/name'] === 'gateway');
  if (!gateway) return [{ check: 'edge', object: 'Service/gateway', status: 'failing', detail: `no gateway Service in namespace ${snapshot.namespace}${snapshot.release ? ` for release ${snapshot.release}` : ''}: is the release installed here?` }];
  const name = gateway.metadata?.name;
  const routes = [
    ...(snapshot.httpRoutes ?? [])
      .filter((route) => route.spec?.rules?.some((rule) => rule.backendRefs?.some((backend) => (backend.kind ?? 'Service') === 'Service' && backend.name === name)))
      .map((route) => `HTTPRoute/${route.metadata?.name}`),
    ...snapshot.ingresses
      .filter((ingress) => [ingress.spec?.defaultBackend, ...(ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths.map((path) => path.backend) ?? [])].some((backend) => backend?.service?.name === name))
      .map((ingress) => `Ingress/${ingress.metadata?.name}`),
  ];
  if (routes.length > 0) return routes.map((route) => ({ check: 'edge', object: route, status: 'healthy', detail: `routes requests to Service/${name}` }));
  return [{ check: 'edge', object: `Service/${name}`, status: 'warning', detail: 'no HTTPRoute or Ingress routes to the gateway: it is reachable only from inside the cluster' }];
}
