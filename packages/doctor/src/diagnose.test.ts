// The doctor's judgement on hand-made snapshots: each way a release breaks gives its plain cause.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from './diagnose.ts';
import { isFailing, type Finding } from './finding.ts';
import type { CoreV1Event, ReleaseSnapshot, V1Deployment, V1Pod, V1Service } from './release-snapshot.ts';
import { renderReport } from './render-report.ts';

const labels = (service: string) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/part-of': 'shine' });
const selector = (service: string) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': 'demo' });

function service(name: string): V1Service {
  return { metadata: { name: `demo-${name}`, labels: labels(name) }, spec: { selector: selector(name), ports: [{ port: 80 }] } };
}

function deployment(name: string, options: { ready?: number; cpu?: string; memory?: string; limitCpu?: string; probes?: boolean } = {}): V1Deployment {
  const { cpu = '250m', memory = '256Mi', limitCpu = cpu, probes = true } = options;
  const probe = { httpGet: { path: '/readyz', port: 'side' } };
  return {
    metadata: { name: `demo-${name}`, labels: labels(name) },
    spec: {
      replicas: 2,
      selector: { matchLabels: selector(name) },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          containers: [{
            name,
            resources: { requests: { cpu, memory }, limits: { cpu: limitCpu, memory } },
            ...(probes ? { startupProbe: probe, readinessProbe: probe, livenessProbe: probe } : {}),
          }],
        },
      },
    },
    status: { replicas: 2, readyReplicas: options.ready ?? 2 },
  };
}

function pod(name: string, service: string, state: 'ready' | 'crash-looping' | 'unready'): V1Pod {
  const ready = state === 'ready';
  return {
    metadata: { name, labels: labels(service) },
    spec: { nodeName: 'node-a', containers: [{ name: service, readinessProbe: { httpGet: { path: '/readyz', port: 'side' } } }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{
        name: service,
        image: `ghcr.io/shine/${service}:0.1.0`,
        imageID: '',
        ready,
        restartCount: state === 'crash-looping' ? 7 : 0,
        state: state === 'crash-looping' ? { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } } : { running: {} },
        ...(state === 'crash-looping' ? { lastState: { terminated: { exitCode: 1, reason: 'Error', message: 'DATABASE_URL is not set' } } } : {}),
      }],
    },
  };
}

const readinessEvent = (podName: string, message: string): CoreV1Event => ({
  metadata: { name: `${podName}.1` },
  involvedObject: { kind: 'Pod', name: podName },
  reason: 'Unhealthy',
  type: 'Warning',
  message,
  count: 12,
  lastTimestamp: new Date(),
});

/** A release whose five services are all up, with `changes` on top. */
function snapshot(changes: Partial<ReleaseSnapshot> = {}): ReleaseSnapshot {
  const services = ['analysis', 'gateway', 'palette', 'catalog', 'recommender'];
  const sized: Record<string, { cpu: string; memory: string }> = { analysis: { cpu: '2', memory: '6Gi' }, gateway: { cpu: '500m', memory: '1Gi' } };
  return {
    namespace: 'shine',
    release: 'demo',
    services: services.map(service),
    endpointSlices: services.map((name) => ({
      addressType: 'IPv4',
      metadata: { name: `demo-${name}-abcde`, labels: { 'kubernetes.io/service-name': `demo-${name}` } },
      endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }, { addresses: ['10.0.0.2'] }],
    })),
    pods: services.flatMap((name) => [pod(`demo-${name}-1`, name, 'ready'), pod(`demo-${name}-2`, name, 'ready')]),
    deployments: services.map((name) => deployment(name, sized[name] ?? {})),
    autoscalers: services.map((name) => ({
      metadata: { name: `demo-${name}` },
      spec: { scaleTargetRef: { kind: 'Deployment', name: `demo-${name}` }, minReplicas: 2, maxReplicas: 10 },
      status: { currentReplicas: 2, desiredReplicas: 2 },
    })),
    events: [],
    ingresses: [{ metadata: { name: 'shine' }, spec: { rules: [{ http: { paths: [{ pathType: 'Prefix', path: '/', backend: { service: { name: 'demo-gateway', port: { number: 80 } } } }] } }] } }],
    httpRoutes: undefined,
    readAt: new Date(),
    ...changes,
  };
}

const about = (findings: Finding[], object: string) => findings.filter((finding) => finding.object === object);

describe('shine doctor', () => {
  it('finds a healthy release healthy, from the edge to every pod', () => {
    const findings = diagnose(snapshot());
    assert.equal(isFailing(findings), false);
    assert.deepEqual(findings.filter((finding) => finding.status !== 'healthy'), []);
    assert.deepEqual(about(findings, 'Ingress/shine'), [{ check: 'edge', object: 'Ingress/shine', status: 'healthy', detail: 'routes requests to Service/demo-gateway' }]);
    assert.equal(about(findings, 'Service/demo-palette')[0]!.detail, '2 ready endpoints', 'an endpoint without a ready condition counts as ready');
  });

  it('says a Service without endpoints selects no pod, naming its selector', () => {
    const base = snapshot();
    const findings = diagnose({ ...base, endpointSlices: base.endpointSlices.filter((slice) => slice.metadata?.name !== 'demo-catalog-abcde'), pods: base.pods.filter((each) => !each.metadata?.name?.startsWith('demo-catalog')) });
    const [catalog] = about(findings, 'Service/demo-catalog');
    assert.equal(catalog!.status, 'failing');
    assert.equal(catalog!.detail, 'Service selects no pod: nothing matches app.kubernetes.io/name=catalog,app.kubernetes.io/instance=demo (is its Deployment missing or scaled to 0?)');
    assert.equal(findings[0], catalog, 'failing findings come first');
  });

  it('traces a Service with no ready endpoint to the crash-looping pod behind it, with its last exit', () => {
    const base = snapshot();
    const findings = diagnose({
      ...base,
      endpointSlices: base.endpointSlices.filter((slice) => slice.metadata?.name !== 'demo-analysis-abcde'),
      pods: [...base.pods.filter((each) => !each.metadata?.name?.startsWith('demo-analysis')), pod('demo-analysis-1', 'analysis', 'crash-looping')],
      deployments: base.deployments.map((each) => (each.metadata?.name === 'demo-analysis' ? { ...each, status: { readyReplicas: 0 } } : each)),
    });
    const cause = 'container analysis of demo-analysis-1 is crash-looping (7 restarts): last exit code 1 (Error): DATABASE_URL is not set';
    assert.equal(about(findings, 'Service/demo-analysis')[0]!.detail, `Service selects no ready pod: ${cause}`);
    assert.deepEqual(about(findings, 'Pod/demo-analysis-1'), [{ check: 'pod', object: 'Pod/demo-analysis-1', status: 'failing', detail: cause }]);
    assert.deepEqual(about(findings, 'Deployment/demo-analysis').find((finding) => finding.check === 'deployment'), { check: 'deployment', object: 'Deployment/demo-analysis', status: 'failing', detail: `0/2 replicas ready: ${cause}` });
  });

  it('names the readiness probe\'s path and failure when pods run but are not ready', () => {
    const base = snapshot();
    const findings = diagnose({
      ...base,
      endpointSlices: base.endpointSlices.filter((slice) => slice.metadata?.name !== 'demo-recommender-abcde'),
      pods: [...base.pods.filter((each) => !each.metadata?.name?.startsWith('demo-recommender')), pod('demo-recommender-1', 'recommender', 'unready')],
      events: [readinessEvent('demo-recommender-1', 'Readiness probe failed: HTTP probe failed with statuscode: 503')],
    });
    assert.equal(about(findings, 'Service/demo-recommender')[0]!.detail, 'Service selects no ready pod: readiness fails on /readyz: HTTP probe failed with statuscode: 503');
    assert.deepEqual(about(findings, 'Pod/demo-recommender-1'), [{ check: 'events', object: 'Pod/demo-recommender-1', status: 'warning', detail: 'Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503 (12 times)' }]);
  });

  it('holds each Deployment to what the chart promised: exact sizes, requests = limits, all probes', () => {
    const base = snapshot();
    const changed: Record<string, V1Deployment> = {
      'demo-analysis': deployment('analysis', { cpu: '1', memory: '6Gi' }),
      'demo-gateway': deployment('gateway', { cpu: '0.5', memory: '1024Mi' }),
      'demo-palette': deployment('palette', { cpu: '250m', limitCpu: '1' }),
      'demo-catalog': deployment('catalog', { probes: false }),
    };
    const findings = diagnose({ ...base, deployments: base.deployments.map((each) => changed[each.metadata!.name!] ?? each) });
    const check = (object: string, kind: string) => about(findings, object).find((finding) => finding.check === kind)!;
    assert.deepEqual(check('Deployment/demo-analysis', 'resources'), { check: 'resources', object: 'Deployment/demo-analysis', status: 'warning', detail: '1 CPU / 6Gi memory requested, 1 / 6Gi limit; the chart promises 2 CPU / 6Gi as requests = limits' });
    assert.equal(check('Deployment/demo-gateway', 'resources').status, 'healthy', '0.5 CPU is 500m and 1024Mi is 1Gi');
    assert.match(check('Deployment/demo-palette', 'resources').detail, /requests = limits, so this pod can be squeezed or evicted first/);
    assert.equal(check('Deployment/demo-catalog', 'probes').detail, 'no startupProbe, readinessProbe, livenessProbe: Kubernetes cannot tell when catalog is started, ready or stuck');
    assert.equal(isFailing(findings), false, 'a promise not kept is a warning, not an outage');
  });

  it('warns when no route reaches the gateway, and fails when there is no gateway at all', () => {
    assert.deepEqual(diagnose(snapshot({ ingresses: [] })).filter((finding) => finding.check === 'edge'), [
      { check: 'edge', object: 'Service/demo-gateway', status: 'warning', detail: 'no HTTPRoute or Ingress routes to the gateway: it is reachable only from inside the cluster' },
    ]);
    const routed = diagnose(snapshot({ ingresses: [], httpRoutes: [{ metadata: { name: 'edge' }, spec: { rules: [{ backendRefs: [{ name: 'demo-gateway', port: 80 }] }] } }] }));
    assert.equal(routed.find((finding) => finding.check === 'edge')!.object, 'HTTPRoute/edge');
    const none = diagnose(snapshot({ services: [] }));
    assert.match(none.find((finding) => finding.check === 'edge')!.detail, /^no gateway Service in namespace shine for release demo/);
    assert.equal(isFailing(none), true);
  });

  it('warns about an autoscaler that cannot read metrics or sits at its maximum', () => {
    const base = snapshot();
    const [analysis, gateway, ...rest] = base.autoscalers;
    const findings = diagnose({
      ...base,
      autoscalers: [
        { ...analysis!, status: { desiredReplicas: 2, conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: no metrics returned' }] } },
        { ...gateway!, status: { currentReplicas: 10, desiredReplicas: 10 } },
        ...rest,
      ],
    });
    assert.equal(about(findings, 'HorizontalPodAutoscaler/demo-analysis')[0]!.detail, 'cannot scale: the HPA was unable to compute the replica count: no metrics returned');
    assert.equal(about(findings, 'HorizontalPodAutoscaler/demo-gateway')[0]!.detail, 'at its maximum of 10 replicas: raise maxReplicas, or find what loads it');
  });

  it('says in plain words that the cluster has no metrics-server, and does not repeat the events behind it', () => {
    const base = snapshot();
    const [analysis, ...rest] = base.autoscalers;
    const message = 'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
    const findings = diagnose({
      ...base,
      autoscalers: [{ ...analysis!, status: { desiredReplicas: 2, conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${message}` }] } }, ...rest],
      events: [{ metadata: { name: 'demo-analysis.1' }, involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'demo-analysis' }, reason: 'FailedGetResourceMetric', type: 'Warning', message, count: 4, lastTimestamp: new Date() }],
    });
    assert.deepEqual(about(findings, 'HorizontalPodAutoscaler/demo-analysis'), [
      { check: 'autoscaling', object: 'HorizontalPodAutoscaler/demo-analysis', status: 'warning', detail: 'cannot scale: the cluster serves no resource metrics (is metrics-server installed?)' },
    ]);
  });

  it('prints a table with a verdict that says whether anything fails', () => {
    const healthy = renderReport(diagnose(snapshot()), 'in namespace shine');
    assert.match(healthy, /^STATUS +CHECK +OBJECT +WHAT IT MEANS\n/);
    assert.match(healthy, /\nok +edge +Ingress\/shine +routes requests to Service\/demo-gateway\n/);
    assert.match(healthy, /\n\nShine in namespace shine is healthy\.\n$/);
    const broken = renderReport(diagnose(snapshot({ services: [] })), 'in namespace shine');
    assert.match(broken, /\nFAIL +edge /);
    assert.match(broken, /Shine in namespace shine is NOT healthy: 1 failing, 0 warnings\.\n$/);
  });
});
