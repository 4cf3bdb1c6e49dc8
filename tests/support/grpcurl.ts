// grpcurl, the gRPC tool the README points people to, for the tests that use it as they would.
import { spawnSync } from 'node:child_process';
import { goTool } from '@shine/platform/testing';

export const GRPCURL_INSTALL_HINT = 'go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4';

// .ci/run builds it with `go install`, into Go's default bin folder.
export const grpcurl = goTool('grpcurl', 'GRPCURL', ['-version']);
/** Skip outside CI when grpcurl is absent; under CI=true a missing grpcurl fails the tests instead. */
export const skipWithoutGrpcurl = !grpcurl && !process.env['CI'] ? `no grpcurl here (${GRPCURL_INSTALL_HINT})` : false;

export interface GrpcurlRun {
  /** grpcurl's exit code: 0, or 64 + the gRPC status code when the call failed. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `grpcurl -plaintext …args`, with `input` on stdin (for `-d @`). */
export function runGrpcurl(args: readonly string[], input?: string): GrpcurlRun {
  if (!grpcurl) throw new Error(`grpcurl is not installed (${GRPCURL_INSTALL_HINT})`);
  const result = spawnSync(grpcurl, ['-plaintext', ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
