// `npm run audit:offline` as a process: its exit code, table and last JSON line, on a synthetic
// snapshot, then on the real snapshot beside the checkout (shared/data/advisories).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultSnapshotPath, readSnapshot, type Snapshot } from './advisories/advisory-snapshot.ts';

const script = fileURLToPath(new URL('audit-offline.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'audit-offline-'));

function audit(snapshot: string, packages: Record<string, object>, ...args: string[]) {
  const lockfile = join(work, `lock-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(lockfile, JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...packages } }));
  const run = spawnSync(process.execPath, [script, '--snapshot', snapshot, '--lockfile', lockfile, ...args], { encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n');
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, report: JSON.parse(lines.at(-1)!) };
}

const synthetic: Snapshot = {
  generatedAt: '2026-12-01T00:00:00Z',
  snapshotDate: '2026-11-30T00:00:00Z',
  sources: [{ name: 'test', repository: 'test/advisories', commit: '0'.repeat(40), commitDate: '2026-11-30T00:00:00Z', newestAdvisory: '2026-11-01T00:00:00Z', advisories: 2 }],
  packagesCovered: ['busboy', 'left-pad', 'ws'],
  advisories: [
    { id: 'GHSA-test-high', aliases: [], summary: 'ws crash', severity: 'high', published: '', modified: '', url: '', affected: [{ name: 'ws', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '8.0.0' }, { fixed: '8.17.1' }] }], versions: [] }] },
    { id: 'GHSA-test-low', aliases: [], summary: 'left-pad pads', severity: 'low', published: '', modified: '', url: '', affected: [{ name: 'left-pad', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], versions: [] }] },
  ],
};
const syntheticPath = join(work, 'snapshot.json');
writeFileSync(syntheticPath, JSON.stringify(synthetic));

describe('audit:offline on a synthetic snapshot', () => {
  it('fails on a production package in an advisory\'s range and names it in the table and the JSON', () => {
    const run = audit(syntheticPath, { 'node_modules/ws': { version: '8.17.0' }, 'node_modules/busboy': { version: '1.6.0' } });
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /high\s+prod\s+ws@8\.17\.0\s+GHSA-test-high/);
    assert.deepEqual(run.report.vulnerable, [{ id: 'GHSA-test-high', package: 'ws', version: '8.17.0', severity: 'high', dev: false, path: 'node_modules/ws' }]);
    assert.equal(run.report.advisories_in_snapshot, 2);
    assert.equal(run.report.packages_checked, 2);
    assert.equal(run.report.snapshot_date, '2026-11-30T00:00:00Z');
  });

  it('passes once the version is fixed', () => {
    assert.equal(audit(syntheticPath, { 'node_modules/ws': { version: '8.17.1' } }).status, 0);
  });

  it('reports a development-only package without failing', () => {
    const run = audit(syntheticPath, { 'node_modules/ws': { version: '8.17.0', dev: true } });
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.report.vulnerable[0]?.dev, true);
  });

  it('fails at the severity asked: a low advisory passes by default and fails with --fail-on low', () => {
    const packages = { 'node_modules/left-pad': { version: '1.3.0' } };
    assert.equal(audit(syntheticPath, packages).status, 0);
    assert.equal(audit(syntheticPath, packages, '--fail-on', 'low').status, 1);
  });

  it('names packages the snapshot never looked up, since it cannot speak for them', () => {
    const run = audit(syntheticPath, { 'node_modules/ws': { version: '8.17.1' }, 'node_modules/express': { version: '5.1.0' } });
    assert.equal(run.status, 0);
    assert.deepEqual(run.report.not_covered, ['express']);
    assert.match(run.stdout, /not in the snapshot .*: express/);
  });
});

// The real snapshot is data taken from public advisory databases: it lives in shared/, beside the
// checkout, not in the repository (see security/README.md). Where shared/ has none, the check has
// nothing to check against, and says so rather than failing a build over data it cannot have.
const realSnapshot = process.env['SHINE_ADVISORIES'] || defaultSnapshotPath;
const skip = existsSync(realSnapshot) ? false : `no advisory snapshot at ${realSnapshot}: npm run audit:offline has nothing to check against (see security/README.md)`;

describe('audit:offline on the real snapshot', { skip }, () => {
  it('passes our own package-lock.json, and prints how old the snapshot is', () => {
    const run = spawnSync(process.execPath, [script, '--snapshot', realSnapshot], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    assert.ok(report.advisories_in_snapshot > 0);
    assert.match(run.stdout, /snapshot date \d{4}-\d{2}-\d{2} \(\d+ days old\)/);
  });

  it('flags a known-vulnerable version of a package we use: ws 1.0.0, denial of service (NSWG-ECO-67, fixed in 1.0.1)', () => {
    assert.ok(readSnapshot(realSnapshot).advisories.some((advisory) => advisory.id === 'NSWG-ECO-67'), 'the snapshot has NSWG-ECO-67');
    const run = audit(realSnapshot, { 'node_modules/ws': { version: '1.0.0' } });
    assert.equal(run.status, 1, run.stdout);
    assert.ok(run.report.vulnerable.some((finding: { id: string }) => finding.id === 'NSWG-ECO-67'), run.stdout);
    assert.equal(audit(realSnapshot, { 'node_modules/ws': { version: '1.1.1' } }).status, 0);
  });
});
