// A Shine service as deployed: its own main.ts in its own process, on free loopback ports, for the
// suites here that test services together (so no service depends on another, even in its tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort, untilReady } from '@shine/platform/testing';

export interface ServiceProcess {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly child: ChildProcess;
  /** SIGTERM, and wait until it has exited (at once if it already has). */
  stop(): Promise<void>;
}

/**
 * Starts `services/<name>/src/main.ts` with `env` on top of this process's environment and waits
 * until its /readyz answers; its stderr goes to the test output so a failed start says why.
 */
export async function startServiceProcess(name: string, env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<ServiceProcess> {
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const serviceDir = fileURLToPath(new URL(`../../services/${name}/`, import.meta.url));
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: serviceDir,
    env: { ...process.env, GRPC_PORT: String(grpcPort), HTTP_PORT: String(httpPort), BIND_HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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
