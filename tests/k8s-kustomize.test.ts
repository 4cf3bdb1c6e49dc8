// k8s/ built by a real kustomize (with the chart rendered by a real Helm), each object validated
// by kubeconform against strict schemas made offline, and checked for what the overlays promise.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { schemaLocation, writeKubeconformSchemas } from './support/kubeconform-schemas.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const versions = JSON.parse(readFileSync(join(root, 'scripts/k8s-check-tools.json'), 'utf8')) as Record<string, string>;
const runs = (candidate: string | undefined, args: string[]) => !!candidate && spawnSync(candidate, args, { stdio: 'ignore' }).status === 0;
// .ci/run builds these with `go install`, into Go's default bin folder.
const tool = (name: string, args: string[]) => [process.env[name.toUpperCase()], join(homedir(), 'go/bin', name), name].find((candidate) => runs(candidate, args));
const kustomize = tool('kustomize', ['version']);
const helm = tool('helm', ['version']);
const kubeconform = tool('kubeconform', ['-v']);
const go = ['go', '/usr/local/go/bin/go'].find((candidate) => runs(candidate, ['version']));
const missing = Object.entries({ kustomize, helm, kubeconform, go }).filter(([, path]) => !path).map(([name]) => name);
// Outside CI a missing tool skips the suite; under CI it fails (the first test names what is missing).
const skip = missing.length > 0 && !process.env['CI'] ? `not installed here: ${missing.join(', ')} (see .ci/run)` : false;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

const overlays = ['production', 'istio', 'ingress', 'dev'] as const;
const rendered = new Map<string, { yaml: string; objects: K8sObject[] }>();
const buildErrors: string[] = [];

function build(overlay: string) {
  const result = spawnSync(kustomize!, ['build', '--enable-helm', '--helm-command', helm!, '--load-restrictor', 'LoadRestrictionsNone', join(root, 'k8s/overlays', overlay)], { encoding: 'utf8' });
  if (result.status !== 0) {
    buildErrors.push(`${overlay}: ${result.stderr}`);
    return;
  }
  rendered.set(overlay, { yaml: result.stdout, objects: parseAllDocuments(result.stdout).map((document) => document.toJS() as K8sObject).filter(Boolean) });
}

const objects = (overlay: string) => rendered.get(overlay)!.objects;
const find = (overlay: string, kind: string, name: string) => {
  const found = objects(overlay).find((object) => object.kind === kind && object.metadata.name === name);
  assert.ok(found, `${overlay}: no ${kind} ${name}`);
  return found;
};

/** The Service port a backend names, and proof that it reaches a container port of the pods it selects. */
function assertReachesPods(overlay: string, serviceName: string, port: number) {
  const service = find(overlay, 'Service', serviceName);
  const servicePort = service.spec.ports.find((candidate: { port: number }) => candidate.port === port);
  assert.ok(servicePort, `${overlay}: Service ${serviceName} has no port ${port}`);
  const pods = objects(overlay).filter((object) => object.kind === 'Deployment' && Object.entries(service.spec.selector).every(([label, value]) => object.spec.template.metadata.labels?.[label] === value));
  assert.equal(pods.length, 1, `${overlay}: Service ${serviceName} selects ${pods.length} Deployments`);
  const containerPorts = pods[0]!.spec.template.spec.containers.flatMap((container: { ports?: object[] }) => container.ports ?? []);
  assert.ok(
    containerPorts.some((candidate: { name?: string; containerPort: number }) => candidate.name === servicePort.targetPort || candidate.containerPort === servicePort.targetPort),
    `${overlay}: Service ${serviceName} port ${port} targets ${servicePort.targetPort}, which its pods do not open`,
  );
}

const seconds = (duration: string) => [...duration.matchAll(/(\d+)(h|m|s)/g)].reduce((total, [, value, unit]) => total + Number(value) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'], 0);

/** The HTTPRoute rule a request path takes: the longest matching PathPrefix, as Gateway API ranks them. */
function ruleFor(route: K8sObject, path: string) {
  const prefixOf = (rule: { matches: { path: { type: string; value: string } }[] }) => rule.matches.map((match) => match.path).filter((match) => match.type === 'PathPrefix' && (path === match.value || path.startsWith(match.value.replace(/\/$/, '') + '/'))).map((match) => match.value.length);
  return route.spec.rules.filter((rule: any) => prefixOf(rule).length > 0).sort((a: any, b: any) => Math.max(...prefixOf(b)) - Math.max(...prefixOf(a)))[0];
}

describe('the kustomize overlays in k8s/', { skip }, () => {
  let schemas = '';
  before(() => {
    if (missing.length > 0) return;
    for (const overlay of overlays) build(overlay);
    schemas = mkdtempSync(join(tmpdir(), 'shine-kubeconform-'));
  });
  after(() => schemas && rmSync(schemas, { recursive: true, force: true }));

  it('has kustomize, helm, kubeconform and go to check them with', () => {
    assert.deepEqual(missing, [], `missing: ${missing.join(', ')}; .ci/run installs them`);
  });

  it('builds every overlay, the chart rendered by Helm', () => {
    assert.deepEqual(buildErrors, []);
  });

  it('renders objects every one of which kubeconform -strict accepts, Gateway API and operator kinds included', () => {
    // Schemas come from the sources of the Go modules: Kubernetes' OpenAPI and the projects' CRDs.
    const moduleDir = (module: string, version: string) => JSON.parse(execFileSync(go!, ['mod', 'download', '-json', `${module}@${version}`], { encoding: 'utf8', cwd: tmpdir() })).Dir as string;
    const kubernetes = moduleDir('k8s.io/kubernetes', versions['kubernetesOpenApi']!);
    const gatewayApi = moduleDir('sigs.k8s.io/gateway-api', versions['gatewayApi']!);
    const operator = moduleDir('github.com/prometheus-operator/prometheus-operator', versions['prometheusOperator']!);
    const crds = [
      join(gatewayApi, 'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml'),
      join(operator, 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml'),
      join(operator, 'example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml'),
    ];
    const kinds = [...new Map(overlays.flatMap((overlay) => objects(overlay)).map(({ apiVersion, kind }) => [`${apiVersion} ${kind}`, { apiVersion, kind }])).values()];
    const withoutSchema = writeKubeconformSchemas(schemas, kinds, { swagger: join(kubernetes, 'api/openapi-spec/swagger.json'), crds });
    assert.deepEqual(withoutSchema, [], 'every rendered kind has a schema');
    for (const overlay of overlays) {
      const result = spawnSync(kubeconform!, ['-strict', '-summary', '-schema-location', schemaLocation(schemas), '-'], { input: rendered.get(overlay)!.yaml, encoding: 'utf8' });
      assert.equal(result.status, 0, `${overlay}:\n${result.stdout}${result.stderr}`);
      assert.match(result.stdout, new RegExp(`Valid: ${objects(overlay).length}, Invalid: 0, Errors: 0, Skipped: 0`), `${overlay}: ${result.stdout}`);
    }
  });

  it('puts everything in the shine namespace, which Linkerd injects by default', () => {
    for (const overlay of overlays) {
      for (const object of objects(overlay)) {
        if (object.kind !== 'Namespace') assert.equal(object.metadata.namespace, 'shine', `${overlay}: ${object.kind} ${object.metadata.name}`);
      }
    }
    const namespace = find('production', 'Namespace', 'shine');
    assert.equal(namespace.metadata.annotations?.['linkerd.io/inject'], 'enabled');
    assert.equal(namespace.metadata.labels?.['istio-injection'], undefined);
  });

  it('swaps Linkerd for Istio in the istio overlay, and changes nothing else', () => {
    const namespace = find('istio', 'Namespace', 'shine');
    assert.equal(namespace.metadata.labels?.['istio-injection'], 'enabled');
    assert.equal(namespace.metadata.annotations?.['linkerd.io/inject'], undefined, 'no pod gets two proxies');
    const withoutNamespace = (overlay: string) => objects(overlay).filter((object) => object.kind !== 'Namespace');
    assert.deepEqual(withoutNamespace('istio'), withoutNamespace('production'));
  });

  it('routes the edge to the chart\'s gateway Service and port, with time for 100 MB uploads and for server-sent events', () => {
    for (const overlay of ['production', 'istio', 'dev']) {
      const route = find(overlay, 'HTTPRoute', 'shine');
      for (const rule of route.spec.rules) {
        for (const backend of rule.backendRefs) {
          assert.equal(backend.name, 'shine-gateway');
          assertReachesPods(overlay, backend.name, backend.port);
        }
      }
      const upload = ruleFor(route, '/v1/analyses');
      const legacyUpload = ruleFor(route, '/api/v2/analyze/guest');
      const events = ruleFor(route, '/v1/subjects/s-1/recommendations:watch');
      for (const rule of [upload, legacyUpload]) assert.ok(seconds(rule.timeouts.request) >= 300 && seconds(rule.timeouts.backendRequest) >= 300, JSON.stringify(rule.timeouts));
      assert.ok(seconds(events.timeouts.request) >= 3600, `server-sent events get ${events.timeouts.request}`);
    }
  });

  it('replaces the HTTPRoute by an nginx Ingress in the ingress overlay, streaming bodies up to past 100 MiB', () => {
    assert.equal(objects('ingress').filter((object) => object.kind === 'HTTPRoute').length, 0);
    const ingress = find('ingress', 'Ingress', 'shine');
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    assert.equal(backend.name, 'shine-gateway');
    assertReachesPods('ingress', backend.name, backend.port.number);
    const annotations = ingress.metadata.annotations!;
    const bodyLimit = /^(\d+)m$/.exec(annotations['nginx.ingress.kubernetes.io/proxy-body-size']!);
    // Multipart 100 MiB, or its base64 in JSON (4/3 of it).
    assert.ok(bodyLimit && Number(bodyLimit[1]) * 1024 * 1024 >= (100 * 1024 * 1024 * 4) / 3, annotations['nginx.ingress.kubernetes.io/proxy-body-size']);
    assert.equal(annotations['nginx.ingress.kubernetes.io/proxy-request-buffering'], 'off');
    assert.equal(annotations['nginx.ingress.kubernetes.io/proxy-buffering'], 'off', 'server-sent events reach the browser as they come');
    assert.ok(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout']) >= 300);
    assert.ok(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']) >= 3600);
  });

  it('adds Prometheus, Grafana and Jaeger to the dev overlay only, each on a pinned image', () => {
    for (const name of ['prometheus', 'grafana', 'jaeger']) {
      assert.equal(objects('production').filter((object) => object.metadata.name === name).length, 0, `${name} in production`);
      const pod = find('dev', 'Deployment', name).spec.template.spec;
      for (const container of pod.containers) assert.match(container.image, /^[\w.-]+\/[\w./-]+:v?\d+\.\d+\.\d+$/, `${name}: ${container.image}`);
      assert.equal(pod.securityContext.runAsNonRoot, true, name);
      for (const container of pod.containers) assert.equal(container.securityContext.readOnlyRootFilesystem, true, `${name}/${container.name}`);
    }
    assert.match(find('dev', 'Deployment', 'jaeger').spec.template.spec.containers[0].image, /jaegertracing\/jaeger:2\./, 'Jaeger v2');
  });

  it('sends every dev service\'s traces to the Jaeger in the overlay', () => {
    const shine = objects('dev').filter((object) => object.kind === 'Deployment' && object.metadata.labels?.['app.kubernetes.io/part-of'] === 'shine');
    assert.ok(shine.length >= 5, `${shine.length} Shine Deployments in dev`);
    for (const deployment of shine) {
      const endpoint = deployment.spec.template.spec.containers[0].env.find((entry: { name: string }) => entry.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')?.value as string;
      const url = new URL(endpoint);
      assertReachesPods('dev', url.hostname, Number(url.port));
    }
  });

  it('provisions Grafana\'s datasources at the dev Services and its dashboards through the sidecar\'s label', () => {
    const grafana = find('dev', 'Deployment', 'grafana').spec.template.spec;
    const volume = (name: string) => grafana.volumes.find((candidate: { name: string }) => candidate.name === name).configMap.name as string;
    const sourcesMap = find('dev', 'ConfigMap', volume('datasources'));
    const { datasources } = parse(Object.values(sourcesMap.data!)[0]!) as { datasources: { type: string; url: string }[] };
    assert.deepEqual(datasources.map((source) => source.type).sort(), ['jaeger', 'prometheus']);
    for (const source of datasources) {
      const url = new URL(source.url);
      assertReachesPods('dev', url.hostname, Number(url.port));
    }
    const sidecar = grafana.containers.find((container: { name: string }) => container.name === 'dashboards');
    const sidecarEnv = Object.fromEntries(sidecar.env.map((entry: { name: string; value: string }) => [entry.name, entry.value]));
    const provider = parse(Object.values(find('dev', 'ConfigMap', volume('dashboard-provider')).data!)[0]!) as { providers: { options: { path: string } }[] };
    assert.equal(provider.providers[0]!.options.path, sidecarEnv['FOLDER'], 'Grafana reads the folder the sidecar fills');
    const dashboards = objects('dev').filter((object) => object.kind === 'ConfigMap' && object.metadata.labels?.[sidecarEnv['LABEL']] !== undefined);
    assert.ok(dashboards.length >= 1, 'a dashboard for the sidecar to find');
    for (const dashboard of dashboards) {
      for (const [file, text] of Object.entries(dashboard.data!)) assert.ok((JSON.parse(text) as { uid?: string }).uid, `${dashboard.metadata.name}/${file} is a dashboard with a uid`);
    }
  });

  it('has Prometheus scrape the side port of the chart\'s pods, by the labels they carry', () => {
    const config = parse(Object.values(objects('dev').find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('prometheus-config'))!.data!)[0]!);
    const keep = (label: string) => config.scrape_configs[0].relabel_configs.find((rule: { action: string; source_labels: string[] }) => rule.action === 'keep' && rule.source_labels[0] === label).regex as string;
    const shine = objects('dev').filter((object) => object.kind === 'Deployment' && object.metadata.labels?.['app.kubernetes.io/part-of'] === 'shine');
    for (const deployment of shine) {
      const pod = deployment.spec.template;
      assert.match(pod.metadata.labels['app.kubernetes.io/part-of'], new RegExp(`^${keep('__meta_kubernetes_pod_label_app_kubernetes_io_part_of')}$`));
      assert.ok(pod.spec.containers[0].ports.some((port: { name: string }) => new RegExp(`^${keep('__meta_kubernetes_pod_container_port_name')}$`).test(port.name)), deployment.metadata.name);
    }
  });
});
