import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of shine.binpb: the FileDescriptorSet of every Shine proto, with imports and
 * comments, written by `npm run proto`. The gateway transcodes REST from it; services serve gRPC
 * reflection from it.
 */
export const descriptorSetPath: string = fileURLToPath(new URL('./gen/shine.binpb', import.meta.url));

/** Reads shine.binpb; decode it with `fromBinary(FileDescriptorSetSchema, bytes)`. */
export function loadDescriptorSet(): Uint8Array {
  return readFileSync(descriptorSetPath);
}
