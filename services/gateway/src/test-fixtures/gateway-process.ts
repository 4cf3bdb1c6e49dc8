// The gateway as deployed (src/main.ts in its own process), for tests of the process: threads,
// signals, telemetry. Its JSON log lines are collected as they come.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort, untilReady } from '@shine/platform/testing';

const gatewayDir = fileURLToPath(new URL('../..', import.meta.url));

export interface GatewayProcess {
  child: ChildProcess;
  port: number;
  sidePort: number;
  /** Every JSON line the process has logged so far. */
  logLines: Array<Record<string, unknown>>;
}

/** Starts the gateway on free ports with `env` on top of the test's environment; resolves once it is ready. */
export async function startGatewayProcess(env: Record<string, string>, nodeOptions: readonly string[] = []): Promise<GatewayProcess> {
  const [port, sidePort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [...nodeOptions, 'src/main.ts'], {
    cwd: gatewayDir,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, GATEWAY_PORT: String(port), HTTP_PORT: String(sidePort), BIND_HOST: '127.0.0.1', ...env },
  });
  const logLines: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) logLines.push(JSON.parse(line) as Record<string, unknown>);
  });
  await untilReady(sidePort, { timeoutMs: 15_000, child });
  return { child, port, sidePort, logLines };
}

/** One GET on a connection of its own, so the kernel may hand it to either thread; resolves with its status. */
export function getOnNewConnection(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    });
    call.on('error', reject);
    call.end();
  });
}
