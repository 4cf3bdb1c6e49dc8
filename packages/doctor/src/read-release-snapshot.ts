// Reads a release's objects from the API server of the kubeconfig's current context.
import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  NetworkingV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { HttpRoute, ReleaseSnapshot } from './release-snapshot.ts';

/** The labels every object of the chart carries (charts/shine/templates/_helpers.tpl). */
export function releaseSelector(release: string | undefined): string {
  return ['app.kubernetes.io/part-of=shine', ...(release ? [`app.kubernetes.io/instance=${release}`] : [])].join(',');
}

/** The HTTPRoutes of the namespace, or undefined when the API server does not know the kind. */
async function readHttpRoutes(kubeConfig: KubeConfig, namespace: string): Promise<HttpRoute[] | undefined> {
  try {
    const list = (await kubeConfig.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace,
      plural: 'httproutes',
    })) as { items: HttpRoute[] };
    return list.items;
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}

export async function readReleaseSnapshot(kubeConfig: KubeConfig, options: { namespace: string; release: string | undefined }): Promise<ReleaseSnapshot> {
  const { namespace, release } = options;
  const labelSelector = releaseSelector(release);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const [services, endpointSlices, pods, deployments, autoscalers, events, ingresses, httpRoutes] = await Promise.all([
    core.listNamespacedService({ namespace, labelSelector }),
    kubeConfig.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace }),
    core.listNamespacedPod({ namespace, labelSelector }),
    apps.listNamespacedDeployment({ namespace, labelSelector }),
    kubeConfig.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace, labelSelector }),
    core.listNamespacedEvent({ namespace, fieldSelector: 'type=Warning' }),
    kubeConfig.makeApiClient(NetworkingV1Api).listNamespacedIngress({ namespace }),
    readHttpRoutes(kubeConfig, namespace),
  ]);
  return {
    namespace,
    release,
    services: services.items,
    endpointSlices: endpointSlices.items,
    pods: pods.items,
    deployments: deployments.items,
    autoscalers: autoscalers.items,
    events: events.items,
    ingresses: ingresses.items,
    httpRoutes,
    readAt: new Date(),
  };
}
