// Each installed package version matched against the snapshot's advisories for its name.
import type { Advisory, Snapshot } from './advisory-snapshot.ts';
import type { InstalledPackage } from './lockfile-packages.ts';
import { isAffected } from './osv-affected.ts';

export type Finding = { package: InstalledPackage; advisory: Advisory };

export function findVulnerable(installed: InstalledPackage[], snapshot: Snapshot): Finding[] {
  const byName = new Map<string, Advisory[]>();
  for (const advisory of snapshot.advisories) {
    for (const name of new Set(advisory.affected.map((affected) => affected.name))) byName.set(name, [...(byName.get(name) ?? []), advisory]);
  }
  const findings: Finding[] = [];
  for (const item of installed) {
    for (const advisory of byName.get(item.name) ?? []) {
      const affected = advisory.affected.filter((entry) => entry.name === item.name);
      if (affected.some((entry) => isAffected(item.version, entry))) findings.push({ package: item, advisory });
    }
  }
  return findings;
}

/** Installed names the snapshot never looked up: added to the lockfile after it was made. */
export function notCovered(installed: InstalledPackage[], snapshot: Snapshot): string[] {
  const covered = new Set(snapshot.packagesCovered);
  return [...new Set(installed.map((item) => item.name).filter((name) => !covered.has(name)))].sort();
}
