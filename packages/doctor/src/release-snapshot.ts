// What the doctor reads from the API: every object of the release's path, read once, so the
// checks are pure functions of it (and testable without a cluster).
import type {
  CoreV1Event,
  KubeConfig,
  V1Deployment,
  V1EndpointSlice,
  V1Ingress,
  V1Pod,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

/** The subset of a Gateway API HTTPRoute the doctor follows: its backends. */
export interface HttpRoute {
  metadata?: { name?: string };
  spec?: { rules?: { backendRefs?: { name: string; port?: number; kind?: string }[] }[] };
}

export interface ReleaseSnapshot {
  readonly namespace: string;
  /** The Helm release (app.kubernetes.io/instance), or undefined for every Shine object in the namespace. */
  readonly release: string | undefined;
  readonly services: V1Service[];
  readonly endpointSlices: V1EndpointSlice[];
  readonly pods: V1Pod[];
  readonly deployments: V1Deployment[];
  readonly autoscalers: V2HorizontalPodAutoscaler[];
  readonly events: CoreV1Event[];
  readonly ingresses: V1Ingress[];
  /** Undefined when the cluster has no Gateway API (the CRD is not installed). */
  readonly httpRoutes: HttpRoute[] | undefined;
  /** When the snapshot was read, to judge how recent an event is. */
  readonly readAt: Date;
}

export type { CoreV1Event, KubeConfig, V1Deployment, V1EndpointSlice, V1Ingress, V1Pod, V1Service, V2HorizontalPodAutoscaler };
