// What charts/shine promises for each service's main container (docs/ARCHITECTURE.md § 7):
// requests = limits everywhere, and these exact sizes where the platform depends on them.
export const promisedResources: Readonly<Record<string, { cpu: string; memory: string }>> = {
  analysis: { cpu: '2', memory: '6Gi' },
  gateway: { cpu: '500m', memory: '1Gi' },
};

/** Every service's container has all three probes; readiness and liveness on the side port. */
export const promisedProbes = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
