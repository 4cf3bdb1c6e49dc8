import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtureProtos = fileURLToPath(new URL('proto/', import.meta.url));

/**
 * One FileDescriptorSet of Shine's protos plus the test-only library.proto, compiled by the local
 * buf (no network), as `npm run proto` compiles shine.binpb.
 */
export function buildTestDescriptorSet(): Uint8Array {
  const workspace = mkdtempSync(join(tmpdir(), 'gateway-protos-'));
  try {
    cpSync(join(repositoryRoot, 'proto'), workspace, { recursive: true });
    cpSync(fixtureProtos, workspace, { recursive: true });
    const output = join(workspace, 'set.binpb');
    execFileSync(join(repositoryRoot, 'node_modules/.bin/buf'), ['build', workspace, '--as-file-descriptor-set', '-o', output], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return readFileSync(output);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

let cached: FileRegistry | undefined;

/** The registry of buildTestDescriptorSet(), built once per test process. */
export function testRegistry(): FileRegistry {
  cached ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, buildTestDescriptorSet()));
  return cached;
}
