// What the chart gives monitoring: ServiceMonitors and a PrometheusRule only where the Prometheus
// Operator CRDs exist, alerts on metrics the services really export, dashboards for Grafana's
// sidecar from charts/shine/dashboards/, and the OTLP endpoint for traces.
import assert from 'node:assert/strict';
import { cpSync, globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { fileURLToPath } from 'node:url';
import { chart, find, ofKind, podSpec, render, skipWithoutHelm as skip, type K8sObject } from './support/helm-chart.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const services = ['analysis', 'palette', 'catalog', 'recommender', 'gateway'];
const withOperator = { apiVersions: ['monitoring.coreos.com/v1'] };

describe('the chart\'s monitoring', { skip }, () => {
  it('renders ServiceMonitors and the PrometheusRule only where monitoring.coreos.com/v1 exists', () => {
    const plain = render();
    assert.deepEqual(ofKind(plain, 'ServiceMonitor'), []);
    assert.deepEqual(ofKind(plain, 'PrometheusRule'), []);
    const operator = render(withOperator);
    assert.equal(ofKind(operator, 'ServiceMonitor').length, 5);
    assert.equal(ofKind(operator, 'PrometheusRule').length, 1);
    assert.deepEqual(render({ ...withOperator, sets: ['monitoring.serviceMonitor.enabled=false', 'monitoring.prometheusRule.enabled=false'] }).filter((object) => object.apiVersion === 'monitoring.coreos.com/v1'), []);
  });

  it('scrapes each service\'s side port /metrics through its Service, keeping the services\' own labels', () => {
    const objects = render({ ...withOperator, sets: ['monitoring.serviceMonitor.labels.release=prometheus'] });
    for (const service of services) {
      const monitor = find(objects, 'ServiceMonitor', `demo-${service}`)!;
      const target = find(objects, 'Service', `demo-${service}`)!;
      assert.deepEqual(monitor.spec.selector.matchLabels, target.spec.selector, service);
      const [endpoint] = monitor.spec.endpoints;
      assert.equal(endpoint.path, '/metrics');
      assert.equal(endpoint.honorLabels, true);
      const port = target.spec.ports.find((candidate: { name: string }) => candidate.name === endpoint.port);
      const container = podSpec(find(objects, 'Deployment', `demo-${service}`)!).containers[0];
      const sidePort = container.ports.find((candidate: { name: string }) => candidate.name === 'side').containerPort;
      assert.equal(port.port, sidePort, `${service}: the scraped port is the side port`);
      assert.equal(String(sidePort), container.env.find((entry: { name: string }) => entry.name === 'HTTP_PORT').value, `${service} serves /metrics there`);
      assert.equal(monitor.metadata.labels!['release'], 'prometheus');
    }
  });

  it('carries monitoring/\'s recording rules and alerts unchanged, plus target and readiness alerts scoped to the release', () => {
    const rule = ofKind(render(withOperator), 'PrometheusRule')[0]!;
    type Group = { name: string; rules: { alert?: string; record?: string; expr: string }[] };
    const groups = rule.spec.groups as Group[];
    const fromMonitoring = ['shine-recording.rules.yml', 'shine-alerts.rules.yml'].flatMap(
      (file) => (parseYaml(readFileSync(join(root, 'monitoring/prometheus/rules', file), 'utf8')) as { groups: Group[] }).groups,
    );
    assert.deepEqual(groups.slice(0, fromMonitoring.length), fromMonitoring, 'the groups promtool tested, as they are');
    const pods = groups.slice(fromMonitoring.length);
    assert.deepEqual(pods.map((group) => group.name), ['shine.pods']);
    assert.deepEqual(pods[0]!.rules.map((alert) => alert.alert), ['ShineTargetDown', 'ShinePodsNotReady']);
    const runbooks = readFileSync(join(root, 'monitoring/runbooks.md'), 'utf8');
    for (const { alert, expr, annotations } of pods[0]!.rules as { alert: string; expr: string; annotations: Record<string, string> }[]) {
      assert.equal(annotations['runbook_url'], `monitoring/runbooks.md#${alert.toLowerCase()}`);
      assert.ok(runbooks.includes(`\n## ${alert}\n`), `runbooks.md has a section for ${alert}`);
      assert.match(expr, /namespace="default"/, `${alert} is scoped to the release's namespace`);
      assert.match(expr, /demo-/, `${alert} is scoped to the release's objects`);
    }
    const sources = globSync(['packages/*/src/**/*.ts', 'services/*/src/**/*.ts'], { cwd: root }).map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
    const recorded = new Set(groups.flatMap((group) => group.rules.map((entry) => entry.record).filter(Boolean)));
    for (const { alert, record, expr } of groups.flatMap((group) => group.rules)) {
      // Prometheus's own `up`, kube-state-metrics' kube_* and recorded series aside, every metric is one a service defines.
      for (const [, metric] of expr.matchAll(/\b([a-z_:]+)\{/g)) {
        if (metric === 'up' || metric!.startsWith('kube_') || recorded.has(metric!)) continue;
        const family = metric!.replace(/_(bucket|count|sum)$/, '');
        assert.ok(sources.includes(`name: '${metric}'`) || sources.includes(`name: '${family}'`), `${alert ?? record}: no service exports ${metric}`);
      }
    }
  });

  it('ships every JSON file under charts/shine/dashboards/ as a ConfigMap for Grafana\'s sidecar, and none when turned off', () => {
    const isDashboard = (object: K8sObject) => object.kind === 'ConfigMap' && object.metadata.labels?.['grafana_dashboard'] === '1';
    const shippedByDefault = render().filter(isDashboard);
    const sources = globSync('*.json', { cwd: join(root, 'monitoring/grafana/dashboards') }).sort();
    assert.deepEqual(shippedByDefault.map((map) => Object.keys(map.data!)[0]).sort(), sources, 'monitoring/\'s dashboards, one ConfigMap each');
    // A copy of the chart with two dashboards, so the repository's chart stays as it is.
    const copy = mkdtempSync(join(tmpdir(), 'shine-chart-'));
    try {
      cpSync(chart, copy, { recursive: true });
      rmSync(join(copy, 'dashboards'), { recursive: true, force: true });
      mkdirSync(join(copy, 'dashboards'), { recursive: true });
      const dashboards = { 'shine_red.json': '{"title":"Shine RED","panels":[]}', 'analysis-queue.json': '{"title":"Analysis queue"}' };
      for (const [name, text] of Object.entries(dashboards)) writeFileSync(join(copy, 'dashboards', name), text);
      const shipped = render({ chartDir: copy, sets: ['monitoring.dashboards.labels.grafana_folder=shine'] }).filter(isDashboard);
      assert.deepEqual(shipped.map((map) => map.metadata.name).sort(), ['demo-dashboard-analysis-queue', 'demo-dashboard-shine-red']);
      for (const map of shipped) {
        const files = Object.entries(map.data!);
        assert.equal(files.length, 1);
        const [name, text] = files[0]!;
        assert.equal(text, dashboards[name as keyof typeof dashboards]);
        assert.equal(map.metadata.labels!['grafana_folder'], 'shine');
      }
      assert.deepEqual(render({ chartDir: copy, sets: ['monitoring.dashboards.enabled=false'] }).filter(isDashboard), []);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('sends every service\'s traces to the OTLP endpoint when one is set, tagged with pod and namespace', () => {
    const endpoint = (objects: K8sObject[], service: string) => podSpec(find(objects, 'Deployment', `demo-${service}`)!).containers[0].env.find((entry: { name: string }) => entry.name === 'OTEL_EXPORTER_OTLP_ENDPOINT');
    const traced = render({ sets: ['global.otlpEndpoint=http://jaeger-collector.observability:4318'] });
    for (const service of services) {
      assert.deepEqual(endpoint(traced, service), { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://jaeger-collector.observability:4318' });
      assert.equal(endpoint(render(), service), undefined, `${service}: no endpoint, no export`);
      const env = podSpec(find(traced, 'Deployment', `demo-${service}`)!).containers[0].env as { name: string; value?: string }[];
      const attributes = env.find((entry) => entry.name === 'OTEL_RESOURCE_ATTRIBUTES')!;
      assert.ok(env.findIndex((entry) => entry.name === 'K8S_POD_NAME') < env.indexOf(attributes), 'defined before it is referenced');
      assert.match(attributes.value!, /k8s\.pod\.name=\$\(K8S_POD_NAME\)/);
    }
  });
});
