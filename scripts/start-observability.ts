// `npm start`'s traces and metrics: a local Jaeger (traces in memory) and Prometheus (data in
// .data/prometheus) when they are installed, or required with `--observe`; otherwise one line on
// how to get them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jaegerBinary, JAEGER_INSTALL_HINT, startLocalJaeger, type LocalJaeger } from '@shine/platform/local-jaeger';

export interface ObservedService {
  readonly name: string;
  /** Its side port, where /metrics is. */
  readonly httpPort: number;
}

export interface ObservabilityOptions {
  readonly root: string;
  readonly services: readonly ObservedService[];
  /** `--observe`: both tools are wanted; a missing one is an error, not a hint. */
  readonly required: boolean;
  readonly jaegerUiPort: number;
  readonly prometheusPort: number;
}

export interface Observability {
  /** OTEL_* for every service: export to Jaeger when it runs, with the sampler the environment asks for. */
  readonly env: Record<string, string>;
  /** What the banner says about traces and metrics. */
  readonly lines: string[];
  /** Why a required tool could not run, if one could not. */
  readonly missing: string[];
  stop(): Promise<void>;
}

export const PROMETHEUS_INSTALL_HINT = 'apt-get install prometheus (Debian), or put a prometheus binary on PATH';
/** The other scrape configuration, in the repository; a generated one stands in until it exists. */
const monitoringConfig = 'monitoring/prometheus/prometheus.yml';

export async function startObservability(options: ObservabilityOptions): Promise<Observability> {
  const lines: string[] = [];
  const missing: string[] = [];
  const env: Record<string, string> = {
    // Parent-based at the ratio asked for (all of them locally), as the chart does at its own ratio.
    OTEL_TRACES_SAMPLER: process.env['OTEL_TRACES_SAMPLER'] ?? 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: process.env['OTEL_TRACES_SAMPLER_ARG'] ?? '1',
  };

  let jaeger: LocalJaeger | undefined;
  const binary = jaegerBinary();
  if (binary) {
    const port = options.jaegerUiPort;
    jaeger = await startLocalJaeger({
      binary,
      dir: join(options.root, '.data', 'jaeger'),
      ports: { query: port, queryGrpc: port - 1, otlpGrpc: 4317, otlpHttp: 4318 },
    }).catch((error: unknown) => {
      missing.push(`Jaeger did not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
  } else {
    missing.push(`no Jaeger here: ${JAEGER_INSTALL_HINT}`);
  }
  if (jaeger) {
    env['OTEL_TRACES_EXPORTER'] = 'otlp';
    env['OTEL_EXPORTER_OTLP_ENDPOINT'] = jaeger.otlpEndpoint;
    lines.push(`shine: traces in Jaeger at ${jaeger.queryUrl}/ (one trace per upload; sampled at ${env['OTEL_TRACES_SAMPLER_ARG']}, OTEL_TRACES_SAMPLER_ARG)`);
  }

  let prometheus: ChildProcess | undefined;
  if (spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0) {
    prometheus = await startPrometheus(options).catch((error: unknown) => {
      missing.push(`Prometheus did not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (prometheus) lines.push(`shine: metrics in Prometheus at http://127.0.0.1:${options.prometheusPort}/ (data in .data/prometheus)`);
  } else {
    missing.push(`no Prometheus here: ${PROMETHEUS_INSTALL_HINT}`);
  }

  if (missing.length > 0 && !options.required) lines.push(`shine: ${missing.join('; ')} (npm start shows traces and metrics with them)`);
  return {
    env,
    lines,
    missing: options.required ? missing : [],
    stop: async () => {
      await jaeger?.stop();
      if (prometheus && prometheus.exitCode === null) {
        prometheus.kill('SIGTERM');
        await once(prometheus, 'exit');
      }
    },
  };
}

async function startPrometheus(options: ObservabilityOptions): Promise<ChildProcess> {
  const dir = join(options.root, '.data', 'prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const ownConfig = join(options.root, monitoringConfig);
  const configFile = existsSync(ownConfig) ? ownConfig : join(dir, 'prometheus.yml');
  if (configFile !== ownConfig) writeFileSync(configFile, staticScrapeConfig(options.services));
  const log = openSync(join(dir, 'prometheus.log'), 'a');
  const child = spawn(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${options.prometheusPort}`, '--storage.tsdb.retention.time=7d'],
    { stdio: ['ignore', log, log] },
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}; see .data/prometheus/prometheus.log`);
    try {
      if ((await fetch(`http://127.0.0.1:${options.prometheusPort}/-/ready`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('prometheus was not ready within 30 s; see .data/prometheus/prometheus.log');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every service's side port, every 5 s, labelled with the service's name (until monitoring/ has its own). */
function staticScrapeConfig(services: readonly ObservedService[]): string {
  const jobs = services.map((service) => `  - job_name: ${service.name}\n    static_configs:\n      - targets: ['127.0.0.1:${service.httpPort}']\n        labels: { service: ${service.name} }`);
  return `# Written by npm start (scripts/start-observability.ts) because ${monitoringConfig} does not exist.\nglobal:\n  scrape_interval: 5s\n  evaluation_interval: 5s\nscrape_configs:\n${jobs.join('\n')}\n`;
}
