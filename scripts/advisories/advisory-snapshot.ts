// The committed-elsewhere advisory snapshot: advisories for the npm package names of our lockfile,
// compacted from their sources, with where and when each source was read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AffectedPackage } from './osv-affected.ts';

export const severities = ['unknown', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export type Advisory = {
  id: string;
  aliases: string[];
  summary: string;
  severity: Severity;
  published: string;
  modified: string;
  url: string;
  affected: AffectedPackage[];
};

export type SnapshotSource = {
  name: string;
  repository: string;
  commit: string;
  commitDate: string;
  /** The newest `modified` among its advisories: a source can be committed to long after its data. */
  newestAdvisory: string;
  advisories: number;
};

export type Snapshot = {
  generatedAt: string;
  /** The oldest source's commit date: nothing published after it is known. */
  snapshotDate: string;
  sources: SnapshotSource[];
  /** Every package name the filter kept advisories for; names added later were never looked up. */
  packagesCovered: string[];
  advisories: Advisory[];
};

// Data taken from public snapshots lives beside the checkout in shared/, never in the repository.
export const defaultSnapshotPath = fileURLToPath(new URL('../../../shared/data/advisories/npm-advisories.json', import.meta.url));

export function readSnapshot(path: string): Snapshot {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  if (!Array.isArray(snapshot.advisories) || !Array.isArray(snapshot.packagesCovered) || !snapshot.snapshotDate) {
    throw new Error(`${path} is not an advisory snapshot (made by scripts/advisories-snapshot.ts)`);
  }
  return snapshot;
}

/** At or above the threshold; "unknown" counts as above, since nothing says it is harmless. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severity === 'unknown' || severities.indexOf(severity) >= severities.indexOf(threshold);
}
