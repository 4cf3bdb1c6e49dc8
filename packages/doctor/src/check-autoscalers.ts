// Each Deployment's HorizontalPodAutoscaler: present, able to read its metric, not pinned at its maximum.
import type { Finding } from './finding.ts';
import type { ReleaseSnapshot } from './release-snapshot.ts';

export function checkAutoscalers(snapshot: ReleaseSnapshot): Finding[] {
  return snapshot.deployments.map((deployment): Finding => {
    const name = deployment.metadata?.name;
    const autoscaler = snapshot.autoscalers.find((candidate) => candidate.spec?.scaleTargetRef.kind === 'Deployment' && candidate.spec.scaleTargetRef.name === name);
    if (!autoscaler) return { check: 'autoscaling', object: `Deployment/${name}`, status: 'warning', detail: 'no HorizontalPodAutoscaler: it stays at its replica count under any load' };
    const object = `HorizontalPodAutoscaler/${autoscaler.metadata?.name}`;
    const { minReplicas = 1, maxReplicas } = autoscaler.spec!;
    const inactive = autoscaler.status?.conditions?.find((condition) => condition.type === 'ScalingActive' && condition.status === 'False');
    if (inactive?.message?.includes('metrics.k8s.io')) return { check: 'autoscaling', object, status: 'warning', detail: 'cannot scale: the cluster serves no resource metrics (is metrics-server installed?)' };
    if (inactive) return { check: 'autoscaling', object, status: 'warning', detail: `cannot scale: ${inactive.message ?? inactive.reason}` };
    if ((autoscaler.status?.currentReplicas ?? 0) >= maxReplicas) return { check: 'autoscaling', object, status: 'warning', detail: `at its maximum of ${maxReplicas} replicas: raise maxReplicas, or find what loads it` };
    return { check: 'autoscaling', object, status: 'healthy', detail: `scales ${minReplicas}–${maxReplicas} replicas` };
  });
}
