import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A tool that .ci/run builds with `go install` (or `go build`) into Go's default bin folder: the
 * path in `$<envVariable>`, then ~/go/bin/<name>, then <name> on the PATH; the first that answers
 * `versionArgs` with exit code 0, or undefined when none runs.
 */
export function goTool(name: string, envVariable: string, versionArgs: readonly string[]): string | undefined {
  return [process.env[envVariable], join(homedir(), 'go', 'bin', name), name].find(
    (candidate) => candidate && spawnSync(candidate, versionArgs, { stdio: 'ignore', timeout: 20_000 }).status === 0,
  );
}
