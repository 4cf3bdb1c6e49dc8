// A real Jaeger v2 (OTLP in, query API and UI out, traces in memory) for `npm start`, the trace test
// and the benchmarks. .ci/run builds it once from the Go module proxy into Go's default bin folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goTool } from './go-tool.ts';

export const JAEGER_VERSION = 'v1.76.0';
/** How to get the binary, for messages that say it is missing (the plain `go install` refuses: its go.mod has a replace directive). */
export const JAEGER_INSTALL_HINT = `build Jaeger ${JAEGER_VERSION} as .ci/run does (its "Jaeger v2" step), or set JAEGER to a jaeger binary`;

/** The jaeger binary: $JAEGER, Go's default bin folder, or PATH; undefined when none runs. */
export function jaegerBinary(): string | undefined {
  return goTool('jaeger', 'JAEGER', ['version']);
}

export interface LocalJaegerPorts {
  /** OTLP over HTTP (what the services' NodeSDK exports to by default). */
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
  /** The query API and the UI. */
  readonly query: number;
  readonly queryGrpc: number;
}

export interface LocalJaegerOptions {
  readonly binary: string;
  /** Its configuration and log file. */
  readonly dir: string;
  readonly ports: LocalJaegerPorts;
  readonly readyTimeoutMs?: number;
}

export interface LocalJaeger {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (OTLP over HTTP): "http://127.0.0.1:<port>". */
  readonly otlpEndpoint: string;
  /** The UI, and the query API under /api. */
  readonly queryUrl: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts Jaeger with in-memory storage on 127.0.0.1 and resolves once its query API answers. */
export async function startLocalJaeger(options: LocalJaegerOptions): Promise<LocalJaeger> {
  const { ports } = options;
  mkdirSync(options.dir, { recursive: true });
  const configFile = join(options.dir, 'jaeger.yaml');
  writeFileSync(configFile, jaegerConfig(ports));
  const logFile = join(options.dir, 'jaeger.log');
  const log = openSync(logFile, 'a');
  const child = spawn(options.binary, ['--config', configFile], { stdio: ['ignore', log, log] });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const queryUrl = `http://127.0.0.1:${ports.query}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await answers(`${queryUrl}/api/services`))) {
    if (child.exitCode !== null) throw new Error(`jaeger exited with code ${child.exitCode} before it was ready; see ${logFile}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jaeger did not answer on ${queryUrl} in time; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { otlpEndpoint: `http://127.0.0.1:${ports.otlpHttp}`, queryUrl, logFile, process: child, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** OTLP receivers → memory store → query; nothing else listens (no metrics, sampling or admin ports). */
function jaegerConfig(ports: LocalJaegerPorts): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.query}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${ports.otlpGrpc}
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}
