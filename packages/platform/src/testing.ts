// Helpers for services' tests, kept out of the package index so no service loads them in production.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { ServiceError } from '@grpc/grpc-js';
import { SERVICE_RUNTIME_FLAGS } from './service-node-args.ts';

// A port the OS hands out for listen(0) comes from the ephemeral range, which every outgoing
// connection (a pg pool, a Kafka client, a fetch) also draws from: between this probe and the child
// binding it, one of those could take it (EADDRINUSE). Ports below that range are only ever taken
// by something that asks for them by number.
const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
const LOWEST_PORT = 10_000;

function ephemeralLowerBound(): number | undefined {
  try {
    const low = Number(readFileSync(EPHEMERAL_RANGE_FILE, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST_PORT + 1_000 ? low : undefined;
  } catch {
    return undefined;
  }
}

async function listensOn(port: number): Promise<number | undefined> {
  const probe = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
  });
  if (!bound) return undefined;
  const { port: taken } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return taken;
}

/** A loopback port nothing listens on at the time of asking: for a child process to bind, or to find closed. */
export async function freePort(): Promise<number> {
  const ceiling = ephemeralLowerBound();
  if (ceiling !== undefined) {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const port = await listensOn(LOWEST_PORT + Math.floor(Math.random() * (ceiling - LOWEST_PORT)));
      if (port !== undefined) return port;
    }
  }
  const port = await listensOn(0);
  if (port === undefined) throw new Error('no loopback port could be bound');
  return port;
}

/**
 * Waits until a service's side port answers /readyz with 200. Gives up after `timeoutMs`, or as
 * soon as `child` (the service's process, when the test spawned it) has exited.
 */
export async function untilReady(httpPort: number, options: { timeoutMs?: number; child?: { exitCode: number | null } } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (options.child && options.child.exitCode !== null) throw new Error(`the service exited with code ${options.child.exitCode} before it was ready`);
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the service on side port ${httpPort} was not ready within ${options.timeoutMs ?? 30_000} ms`);
}

/** Promise form of a unary call on a generated client: `unaryCall((done) => client.getProduct(request, done))`. */
export function unaryCall<Response>(start: (callback: (error: ServiceError | null, response: Response) => void) => unknown): Promise<Response> {
  return new Promise<Response>((resolve, reject) => start((error, response) => (error ? reject(error) : resolve(response))));
}

/** Asserts that a call fails with the gRPC status `code` and details matching `details`. */
export function rejectsWithStatus(call: Promise<unknown>, code: number, details: RegExp): Promise<void> {
  return assert.rejects(call, (error: ServiceError) => {
    assert.equal(error.code, code, error.details);
    assert.match(error.details, details);
    return true;
  });
}


export interface ServiceProcess {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly child: ChildProcess;
  /** SIGTERM, and wait until it has exited (at once if it already has). */
  stop(): Promise<void>;
}

/**
 * A Shine service as deployed, for suites that run services together and for benchmarks: its
 * `src/main.ts` in `serviceDir` started in its own process on free loopback ports, with `env` on top
 * of this process's environment; resolves once its /readyz answers. Its stderr goes to the output,
 * so a failed start says why; with `output`, everything it writes (stdout and stderr) also goes
 * there, for tests that read a service's logs.
 */
export async function startServiceProcess(
  serviceDir: string,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; ports?: { grpcPort: number; httpPort: number }; output?: (text: string) => void; nodeArgs?: readonly string[] } = {},
): Promise<ServiceProcess> {
  // Given ports start a service again where its callers already look for it.
  const { grpcPort, httpPort } = options.ports ?? { grpcPort: await freePort(), httpPort: await freePort() };
  // The image's runtime flags; nodeArgs adds e.g. the tracing preload, as the image runs a service (`--import @shine/platform/telemetry`).
  const child = spawn(process.execPath, [...SERVICE_RUNTIME_FLAGS, ...(options.nodeArgs ?? []), 'src/main.ts'], {
    cwd: serviceDir,
    env: { ...process.env, GRPC_PORT: String(grpcPort), HTTP_PORT: String(httpPort), BIND_HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', options.output ? 'pipe' : 'ignore', options.output ? 'pipe' : 'inherit'],
  });
  if (options.output) {
    const output = options.output;
    child.stdout!.on('data', (chunk: Buffer) => output(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => {
      output(chunk.toString());
      process.stderr.write(chunk);
    });
  }
  // Never outlive the test run, however it ends.
  const kill = () => child.kill();
  process.once('exit', kill);
  const stop = async () => {
    process.off('exit', kill);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await untilReady(httpPort, { timeoutMs: options.readyTimeoutMs ?? 60_000, child });
  } catch (error) {
    child.kill();
    throw error;
  }
  return { grpcPort, httpPort, child, stop };
}

/** The spans the console exporter printed (each a util.inspect'ed object), by their top-level fields. */
export function consoleExportedSpans(stdout: string): { traceId: string; parentSpanId: string | undefined; id: string; name: string; kind: number }[] {
  const spans = [];
  for (const block of stdout.split(/\n(?=\{)/)) {
    // Top-level keys are indented two spaces; nested ones (the scope's name, the parent's ids) more.
    const field = (name: string) => new RegExp(`^  ${name}: '?([^',\\n]*)'?,?$`, 'm').exec(block)?.[1];
    const parentSpanId = /^  parentSpanContext: \{[^}]*?spanId: '([^']*)'/m.exec(block)?.[1];
    const [traceId, id, name, kind] = [field('traceId'), field('id'), field('name'), field('kind')];
    if (traceId && id && name) spans.push({ traceId, parentSpanId, id, name, kind: Number(kind) });
  }
  return spans;
}

/** Resident memory of process `pid` in MiB (VmRSS in /proc/<pid>/status), or undefined once it has gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a fresh thread has loaded once it has imported `modules`: Node's built-ins ("NativeModule
 * http", …) and the npm packages ("zod", "@grpc/grpc-js", …) any of its files came from.
 */
export async function modulesLoadedBy(modules: readonly URL[]): Promise<{ builtins: string[]; packages: string[] }> {
  const code = `
    const packages = new Set();
    require('node:module').registerHooks({
      load(url, context, nextLoad) {
        const name = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url)?.[1];
        if (name) packages.add(name);
        return nextLoad(url, context);
      },
    });
    Promise.all(${JSON.stringify(modules.map(String))}.map((url) => import(url))).then(() =>
      require('node:worker_threads').parentPort.postMessage({ builtins: process.moduleLoadList, packages: [...packages].sort() }));`;
  // No inherited flags: `--input-type=module` would make this script an ES module, a preload would add its own modules.
  const worker = new Worker(code, { eval: true, execArgv: [] });
  const [loaded] = (await once(worker, 'message')) as [{ builtins: string[]; packages: string[] }];
  await worker.terminate();
  return loaded;
}

export { goTool } from './go-tool.ts';
