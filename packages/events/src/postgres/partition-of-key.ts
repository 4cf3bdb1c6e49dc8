/**
 * The partition of a key: FNV-1a of its UTF-8 bytes, modulo the partition count. Stable across
 * processes and releases, so a subject's events always land in one partition, in order.
 */
export function partitionOfKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
