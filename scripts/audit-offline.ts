// `npm run audit:offline`: the production packages of package-lock.json checked against the
// advisory snapshot (scripts/advisories-snapshot.ts), with no network. npm audit needs the
// registry's advisory endpoint, which this machine's registry does not serve.
// Exits 1 when a production package has an advisory at or above --fail-on (default moderate);
// development-only packages are reported, never failed. It knows nothing newer than the snapshot.
//   node scripts/audit-offline.ts [--snapshot FILE] [--lockfile FILE] [--fail-on low|moderate|high|critical]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultSnapshotPath, isAtLeast, readSnapshot, severities, type Severity } from './advisories/advisory-snapshot.ts';
import { findVulnerable, notCovered, type Finding } from './advisories/find-vulnerable.ts';
import { readLockfilePackages } from './advisories/lockfile-packages.ts';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: process.env['SHINE_ADVISORIES'] || defaultSnapshotPath },
    lockfile: { type: 'string', default: fileURLToPath(new URL('../package-lock.json', import.meta.url)) },
    'fail-on': { type: 'string', default: 'moderate' },
  },
});
const threshold = values['fail-on'] as Severity;
if (!severities.includes(threshold) || threshold === 'unknown') {
  console.error(`--fail-on must be one of low, moderate, high, critical (got ${values['fail-on']})`);
  process.exit(2);
}

const snapshot = readSnapshot(values.snapshot);
const installed = readLockfilePackages(values.lockfile);
const production = installed.filter((item) => !item.dev);
const findings = findVulnerable(installed, snapshot);
const failing = findings.filter((finding) => !finding.package.dev && isAtLeast(finding.advisory.severity, threshold));
const uncovered = notCovered(installed, snapshot);
const ageDays = Math.floor((Date.now() - Date.parse(snapshot.snapshotDate)) / 86_400_000);

console.log(`advisory snapshot ${values.snapshot}`);
for (const source of snapshot.sources) {
  console.log(`  ${source.repository} at ${source.commit.slice(0, 12)} (${source.commitDate.slice(0, 10)}): ${source.advisories} advisories, newest modified ${source.newestAdvisory.slice(0, 10)}`);
}
console.log(`snapshot date ${snapshot.snapshotDate.slice(0, 10)} (${ageDays} days old): advisories published after it are not known here`);
console.log(`checked ${production.length} production and ${installed.length - production.length} development packages from ${values.lockfile}\n`);
printTable(findings);
if (uncovered.length > 0) console.log(`\nnot in the snapshot (added to the lockfile after it was made, regenerate it): ${uncovered.join(', ')}`);
console.log(failing.length > 0 ? `\n${failing.length} production finding(s) at or above ${threshold}` : `\nno production package has a known advisory at or above ${threshold}`);
console.log(
  JSON.stringify({
    advisories_in_snapshot: snapshot.advisories.length,
    packages_checked: installed.length,
    production_packages: production.length,
    vulnerable: findings.map(({ package: item, advisory }) => ({ id: advisory.id, package: item.name, version: item.version, severity: advisory.severity, dev: item.dev, path: item.path })),
    not_covered: uncovered,
    fail_on: threshold,
    snapshot_date: snapshot.snapshotDate,
    snapshot_age_days: ageDays,
  }),
);
process.exit(failing.length > 0 ? 1 : 0);

function printTable(rows: Finding[]): void {
  if (rows.length === 0) {
    console.log('no installed version is in an advisory\'s affected ranges');
    return;
  }
  const lines = rows.map(({ package: item, advisory }) => [advisory.severity, item.dev ? 'dev' : 'prod', `${item.name}@${item.version}`, advisory.id, advisory.summary.slice(0, 70), item.path]);
  const header = ['severity', 'scope', 'package', 'advisory', 'summary', 'installed at'];
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}
