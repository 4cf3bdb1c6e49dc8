import { type ChildProcess } from 'node:child_process';
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
export declare function startServiceProcess(name: string, env: Record<string, string>, options?: {
    readyTimeoutMs?: number;
}): Promise<ServiceProcess>;
