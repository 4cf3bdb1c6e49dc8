// monitoring/ proven on a real Prometheus: it scrapes every service of the shared stack with the
// `npm start` configuration, traffic goes through the gateway (uploads of real photos, palettes,
// shade matches, refusals, shed load, an upstream outage, a dead letter), and then every PromQL
// expression of every dashboard panel and every rule must parse, read only metrics the services
// export, and return data; analysis's traced calls reach Prometheus as exemplars.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { globSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { ANALYSIS_TOPIC, kafkaTransport, postgresTransport, type EventTransport } from '@shine/events';
import { freePort } from '@shine/platform/testing';
import { parse } from 'yaml';
import { vectorSelectors } from './support/promql-selectors.ts';
import { monitoring, prometheus, skipWithoutPrometheus as skip } from './support/prometheus-tools.ts';
import { startShineStack, type ServiceName, type ShineStack } from './support/shine-stack.ts';

const services: ServiceName[] = ['analysis', 'palette', 'catalog', 'recommender', 'gateway'];

interface PanelQuery { dashboard: string; panel: string; expr: string }
interface RuleQuery { file: string; name: string; expr: string; record?: string }

const dashboardQueries: PanelQuery[] = globSync('grafana/dashboards/*.json', { cwd: monitoring }).flatMap((file) => {
  const dashboard = JSON.parse(readFileSync(join(monitoring, file), 'utf8')) as { title: string; panels: { title: string; targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ dashboard: dashboard.title, panel: panel.title, expr: target.expr })));
});
const ruleQueries: RuleQuery[] = globSync('prometheus/rules/*.rules.yml', { cwd: monitoring }).flatMap((file) => {
  const { groups } = parse(readFileSync(join(monitoring, file), 'utf8')) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] };
  return groups.flatMap((group) => group.rules.map((rule) => ({ file, name: rule.alert ?? rule.record!, expr: rule.expr, ...(rule.record ? { record: rule.record } : {}) })));
});

/** Grafana's variables as it would fill them for the last 10 minutes at a 1 s scrape interval. */
const withGrafanaVariables = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '10m').replaceAll('$__interval', '15s');

describe('monitoring/ on a real Prometheus scraping every service', { skip, timeout: 600_000 }, () => {
  let stack: ShineStack;
  let server: ChildProcess | undefined;
  let dataDir = '';
  let api = '';
  let events: EventTransport | undefined;

  const query = async (expr: string): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> => {
    const response = await fetch(`${api}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
    return (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  };
  const hasData = async (expr: string) => ((await query(expr)).data?.result.length ?? 0) > 0;
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  before(async () => {
    // No queue at all behind analysis's one worker: a second concurrent photo is shed at once.
    // Analysis traces its calls (the telemetry preload, exporting nowhere), for exemplars.
    stack = await startShineStack({ env: { analysis: { ANALYSIS_QUEUE_LIMIT: '0', NODE_OPTIONS: '--import @shine/platform/telemetry' } } });
    dataDir = mkdtempSync(join(tmpdir(), 'shine-prometheus-'));
    // The `npm start` configuration, pointed at this stack's ports and scraping every second.
    const config = parse(readFileSync(join(monitoring, 'prometheus/prometheus.yml'), 'utf8'));
    config.global = { scrape_interval: '1s', evaluation_interval: '1s' };
    config.rule_files = [join(monitoring, 'prometheus/rules/*.rules.yml')];
    for (const target of config.scrape_configs[0].static_configs as { targets: string[]; labels: { service: ServiceName } }[]) {
      target.targets = [`127.0.0.1:${stack.services[target.labels.service].httpPort}`];
    }
    writeFileSync(join(dataDir, 'prometheus.yml'), JSON.stringify(config));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    server = spawn(
      prometheus!,
      [`--config.file=${join(dataDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dataDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--enable-feature=exemplar-storage'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr!.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-4000)));
    await until('Prometheus to be ready', async () => {
      if (server!.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
      return (await fetch(`${api}/-/ready`).catch(() => undefined))?.ok ?? false;
    });
    events = stack.eventsEnv['KAFKA_BROKERS']
      ? kafkaTransport({ brokers: stack.eventsEnv['KAFKA_BROKERS'], clientId: 'scrape-test' })
      : postgresTransport({ connectionString: stack.eventsEnv['EVENTS_DATABASE_URL']!, applicationName: 'scrape-test', pollIntervalMs: 100 });
  });

  after(async () => {
    await events?.close();
    if (server && server.exitCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    }
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('scrapes every service once traffic has gone through the gateway', async () => {
    const subject = 'scrape-subject';
    const authorization = `Bearer ${await stack.token(subject)}`;
    const call = (path: string, init: RequestInit = {}) => fetch(`${stack.origin}${path}`, init).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    const upload = async (name: string, bytes?: Uint8Array) => {
      const form = new FormData();
      form.set('image', new Blob([bytes ?? (await readTestPhoto(name))]), name);
      form.set('subjectId', subject);
      return call('/v1/analyses', { method: 'POST', headers: { authorization }, body: form });
    };
    // Measured photos: one face, a small face, several faces (quality warnings, faces per photo).
    const analyses = [];
    for (const name of ['astronaut.jpg', 'messi5.jpg', 'group-1.jpg']) {
      const made = await upload(name);
      assert.equal(made.status, 200, `${name}: ${JSON.stringify(made.body).slice(0, 200)}`);
      analyses.push(made.body);
    }
    for (const analysis of analyses) {
      const { lab, monk, undertone } = analysis.skinTone;
      const palette = await call(`/v1/palettes?${new URLSearchParams({ monk: String(monk), undertone, 'skinLab.l': String(lab.l), 'skinLab.a': String(lab.a), 'skinLab.b': String(lab.b) })}`);
      assert.equal(palette.status, 200);
      const matches = await call('/v1/shade-matches', { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ analysisId: analysis.id, maxMatches: 3 }) });
      assert.equal(matches.status, 200);
    }
    // Refusals: not an image (400), an analysis that does not exist (404).
    assert.equal((await upload('not-a-photo.jpg', new TextEncoder().encode('not a photo'))).status, 400);
    assert.equal((await call('/v1/analyses/0193a1b2-0000-7000-8000-000000000000', { headers: { authorization } })).status, 404);
    // Shed load: four photos at once on one worker with no queue.
    const photo = await readTestPhoto('astronaut.jpg');
    const burst = await Promise.all([1, 2, 3, 4].map(() => upload('astronaut.jpg', photo)));
    assert.ok(burst.some((answer) => answer.status === 429), `some photos shed: ${burst.map((answer) => answer.status)}`);
    // Server faults, each twice a few scrapes apart (a series first seen at 1 has no rate): a
    // deadline too short for an analysis (504, DEADLINE_EXCEEDED on analysis), palette down (503).
    const scrapesLater = () => new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const attempt of [1, 2]) {
      const form = new FormData();
      form.set('image', new Blob([photo]), 'astronaut.jpg');
      const late = await call('/v1/analyses', { method: 'POST', headers: { authorization, 'grpc-timeout': '20m' }, body: form });
      assert.equal(late.status, 504, `attempt ${attempt}: ${JSON.stringify(late.body).slice(0, 200)}`);
      await scrapesLater();
    }
    await stack.services.palette.stop();
    const { lab, monk, undertone } = analyses[0].skinTone;
    for (const attempt of [1, 2]) {
      const outage = await call(`/v1/palettes?${new URLSearchParams({ monk: String(monk + 1), undertone, 'skinLab.l': String(lab.l), 'skinLab.a': String(lab.a), 'skinLab.b': String(lab.b) })}`);
      assert.equal(outage.status, 503, `attempt ${attempt}`);
      await scrapesLater();
    }
    await stack.restart('palette', 'SIGTERM');
    // The new palette process starts its counters at 0: ask it twice, a cache miss then a hit.
    const paletteQuery = `/v1/palettes?${new URLSearchParams({ monk: String(monk), undertone, 'skinLab.l': String(lab.l), 'skinLab.a': String(lab.a), 'skinLab.b': String(lab.b) })}`;
    for (const attempt of [1, 2]) assert.equal((await call(paletteQuery)).status, 200, `after the outage, attempt ${attempt}`);
    // A dead letter: a message on the analysis topic that is no event at all.
    await events!.publish(ANALYSIS_TOPIC, [{ key: subject, value: Uint8Array.of(0xde, 0xad), headers: { 'shine-event-id': 'scrape-garbage' } }]);

    await until('every target up', async () => {
      const up = (await query('up{job="shine"} == 1')).data?.result.length;
      return up === services.length;
    });
    await until('the recommender to dead-letter the garbage', () => hasData('shine_events_dead_lettered_total > 0'));
    await until('the recommendations of the last upload', () => hasData('sum(shine_events_end_to_end_seconds_count) >= 3'));
    await until('the analysis deadlines to be counted', () => hasData('grpc_server_handled_total{service="analysis",grpc_code="DEADLINE_EXCEEDED"}'));
    await until('the rules to have evaluated after the traffic', () => hasData('gateway:http_server_errors:ratio_rate5m > 0'));
    // What the traffic did shows in the services' own metrics, not only as series that exist.
    for (const [what, expr] of [
      ['shed photos', 'shine_analysis_shed_total > 0'],
      ['a photo with several faces', 'shine_analysis_faces_per_photo_count - ignoring(le) shine_analysis_faces_per_photo_bucket{le="1"} > 0'],
      ['every pipeline stage timed (decode, detect, landmarks, measure)', 'count(count by (stage) (shine_analysis_stage_duration_seconds_count)) == 4'],
      ['palette cache hits', 'shine_cache_lookups_total{service="palette",result="hit"} > 0'],
      ['a pool per database service', 'count(shine_db_pool_max) == 3'],
      ['the recommender\'s calls to palette and catalog', 'count(count by (grpc_service) (grpc_client_handled_total{service="recommender"})) == 2'],
    ]) {
      await until(what!, () => hasData(expr!), 10_000);
    }
  });

  it('evaluates every dashboard panel\'s query, each reading exported metrics and returning data', async () => {
    const exported = await exportedMetricNames();
    const recorded = new Set(ruleQueries.flatMap((rule) => (rule.record ? [rule.record] : [])));
    const problems: string[] = [];
    for (const { dashboard, panel, expr } of dashboardQueries) {
      const where = `${dashboard} / ${panel}: ${expr}`;
      for (const { metric } of vectorSelectors(expr)) if (!exported.has(metric) && !recorded.has(metric)) problems.push(`${where}: no service exports ${metric}`);
      const answer = await query(withGrafanaVariables(expr));
      if (answer.status !== 'success') problems.push(`${where}: ${answer.error}`);
      else if (answer.data!.result.length === 0) problems.push(`${where}: no data`);
    }
    assert.deepEqual(problems, []);
    assert.ok(dashboardQueries.length >= 30, `${dashboardQueries.length} panel queries`);
  });

  it('evaluates every rule: recording rules record data, and every series an alert reads has data', async () => {
    const exported = await exportedMetricNames();
    const recorded = new Set(ruleQueries.flatMap((rule) => (rule.record ? [rule.record] : [])));
    const problems: string[] = [];
    for (const { file, name, expr, record } of ruleQueries) {
      const where = `${file} ${name}`;
      const answer = await query(expr);
      if (answer.status !== 'success') {
        problems.push(`${where}: ${answer.error}`);
        continue;
      }
      if (record && !(await hasData(record))) problems.push(`${where}: recorded nothing`);
      // An alert's expression is empty while all is well; what must have data is every series it reads.
      for (const selector of vectorSelectors(expr)) {
        if (!exported.has(selector.metric) && !recorded.has(selector.metric) && selector.metric !== 'up') problems.push(`${where}: no service exports ${selector.metric}`);
        else if (!(await hasData(selector.text))) problems.push(`${where}: ${selector.text} has no data`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('keeps every target healthy on the OpenMetrics the services serve when asked, as Prometheus asks by default', async () => {
    // Prometheus 2.x puts OpenMetrics first in its scrape Accept header: a body it could not parse
    // would mark the target down with the parse error as lastError.
    const answer = (await (await fetch(`${api}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: { health: string; labels: { service: string }; lastError: string }[] } };
    const targets = answer.data.activeTargets;
    assert.deepEqual(targets.map((target) => target.labels.service).sort(), [...services].sort());
    for (const target of targets) assert.deepEqual([target.labels.service, target.health, target.lastError], [target.labels.service, 'up', '']);
    const response = await fetch(`http://127.0.0.1:${stack.services.analysis.httpPort}/metrics`, { headers: { accept: 'application/openmetrics-text;version=1.0.0' } });
    assert.match(response.headers.get('content-type') ?? '', /^application\/openmetrics-text/);
  });

  it('stores trace ids as exemplars of analysis\'s latency buckets, from its OpenMetrics', async () => {
    const now = Date.now() / 1000;
    const response = await fetch(`${api}/api/v1/query_exemplars`, {
      method: 'POST',
      body: new URLSearchParams({ query: 'grpc_server_handling_seconds_bucket{service="analysis",grpc_method="AnalyzeImage"}', start: String(now - 600), end: String(now + 60) }),
    });
    const answer = (await response.json()) as { status: string; data: { exemplars: { labels: Record<string, string>; value: string }[] }[] };
    assert.equal(answer.status, 'success');
    const exemplars = answer.data.flatMap((series) => series.exemplars);
    assert.ok(exemplars.length > 0, 'exemplars stored');
    for (const exemplar of exemplars) assert.match(exemplar.labels['trace_id'] ?? '', /^[0-9a-f]{32}$/);
  });

  /** Every metric name the running services export, as Prometheus stores them (histograms' series too). */
  async function exportedMetricNames(): Promise<Set<string>> {
    const names = new Set<string>();
    for (const service of services) {
      const text = await (await fetch(`http://127.0.0.1:${stack.services[service].httpPort}/metrics`)).text();
      for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        names.add(name!);
        if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      }
    }
    return names;
  }
});
