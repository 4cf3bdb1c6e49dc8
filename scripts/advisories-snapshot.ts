// Makes the advisory snapshot `npm run audit:offline` checks against: every advisory of the given
// sources for a package name in package-lock.json (any version, development included).
//   node scripts/advisories-snapshot.ts --out FILE SOURCE...
// A SOURCE is a git directory or checkout of github/advisory-database or nodejs/security-wg, or a
// folder of OSV JSON files. An advisory a later source shares a CVE with an earlier one is dropped.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Advisory, Snapshot } from './advisories/advisory-snapshot.ts';
import { readLockfilePackages } from './advisories/lockfile-packages.ts';
import { readAdvisorySource } from './advisories/read-advisory-source.ts';

export function makeSnapshot(lockfile: string, sources: string[], now = new Date()): Snapshot {
  const names = new Set(readLockfilePackages(lockfile).map((item) => item.name));
  const read = sources.map((path) => readAdvisorySource(path, names));
  const known = new Set<string>();
  const advisories: Advisory[] = [];
  for (const { advisories: fromSource } of read) {
    for (const advisory of fromSource.sort((a, b) => a.id.localeCompare(b.id))) {
      if ([advisory.id, ...advisory.aliases].some((id) => known.has(id))) continue;
      advisories.push(advisory);
      for (const id of [advisory.id, ...advisory.aliases]) known.add(id);
    }
  }
  return {
    generatedAt: now.toISOString(),
    snapshotDate: read.map(({ source }) => source.commitDate).sort()[0] ?? '',
    sources: read.map(({ source }) => source),
    packagesCovered: [...names].sort(),
    advisories,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, lockfile: { type: 'string', default: fileURLToPath(new URL('../package-lock.json', import.meta.url)) } },
  });
  if (!values.out || positionals.length === 0) {
    console.error('usage: node scripts/advisories-snapshot.ts --out FILE [--lockfile package-lock.json] SOURCE...');
    process.exit(2);
  }
  const snapshot = makeSnapshot(values.lockfile, positionals);
  writeFileSync(values.out, `${JSON.stringify(snapshot, null, 1)}\n`);
  for (const source of snapshot.sources) console.log(`${source.repository} ${source.commit.slice(0, 12)} (${source.commitDate.slice(0, 10)}): ${source.advisories} advisories, newest modified ${source.newestAdvisory.slice(0, 10)}`);
  console.log(`${values.out}: ${snapshot.advisories.length} advisories for ${snapshot.packagesCovered.length} package names`);
}
