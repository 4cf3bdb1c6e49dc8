// The snapshot maker on sources laid out as its real ones are: a github/advisory-database checkout
// (OSV under advisories/github-reviewed) and a bare git directory of nodejs/security-wg.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { makeSnapshot } from './advisories-snapshot.ts';

const work = mkdtempSync(join(tmpdir(), 'advisories-snapshot-'));
const write = (path: string, content: unknown) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(content, null, 2));
};
const osv = (id: string, ecosystem: string, name: string, extra: object = {}) => ({
  id, modified: '2025-03-01T00:00:00Z', published: '2025-02-01T00:00:00Z', aliases: [`CVE-${id}`], summary: `${name} flaw`,
  affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
  database_specific: { severity: 'HIGH' }, ...extra,
});

const lockfile = join(work, 'package-lock.json');
write(lockfile, { lockfileVersion: 3, packages: { '': {}, 'node_modules/ws': { version: '8.0.0' }, 'node_modules/semver': { version: '7.0.0', dev: true } } });

const ghsa = join(work, 'advisory-database');
write(join(ghsa, 'advisories/github-reviewed/2025/02/GHSA-1/GHSA-1.json'), osv('GHSA-1', 'npm', 'ws'));
write(join(ghsa, 'advisories/github-reviewed/2025/02/GHSA-2/GHSA-2.json'), osv('GHSA-2', 'npm', 'left-pad'));
write(join(ghsa, 'advisories/github-reviewed/2025/02/GHSA-3/GHSA-3.json'), osv('GHSA-3', 'PyPI', 'ws'));
write(join(ghsa, 'advisories/github-reviewed/2025/02/GHSA-4/GHSA-4.json'), osv('GHSA-4', 'npm', 'semver', { withdrawn: '2025-04-01T00:00:00Z' }));
write(join(ghsa, 'advisories/github-reviewed/2025/02/GHSA-5/GHSA-5.json'), osv('GHSA-5', 'npm', 'semver'));

const securityWg = join(work, 'security-wg');
const record = (id: number, module: string, cves: string[]) => ({ id, title: 'Denial of Service', module_name: module, cves, vulnerable_versions: '<=1.1.0', created_at: '2016-01-01', updated_at: '2016-02-01', cvss_score: 5.3 });
write(join(securityWg, 'vuln/npm/67.json'), record(67, 'ws', []));
write(join(securityWg, 'vuln/npm/68.json'), record(68, 'ws', ['CVE-GHSA-1']));
write(join(securityWg, 'vuln/npm/index.json'), {});
const committed = { ...process.env, GIT_COMMITTER_DATE: '2026-04-08T21:26:49Z' };
const git = (...args: string[]) => execFileSync('git', args, { cwd: securityWg, encoding: 'utf8', env: committed }).trim();
git('init', '-q');
git('add', '.');
git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'advisories');
const bare = join(work, 'security-wg.git');
execFileSync('git', ['clone', '-q', '--bare', securityWg, bare]);

it('keeps npm advisories for lockfile names only, drops withdrawn ones and those a CVE already covers', () => {
  const snapshot = makeSnapshot(lockfile, [ghsa, bare], new Date('2026-12-01T00:00:00Z'));
  assert.deepEqual(snapshot.advisories.map((advisory) => advisory.id), ['GHSA-1', 'GHSA-5', 'NSWG-ECO-67']);
  assert.deepEqual(snapshot.packagesCovered, ['semver', 'ws']);
  const [ghsaWs, , securityWgWs] = snapshot.advisories;
  assert.deepEqual(ghsaWs, {
    id: 'GHSA-1', aliases: ['CVE-GHSA-1'], summary: 'ws flaw', severity: 'high', published: '2025-02-01T00:00:00Z', modified: '2025-03-01T00:00:00Z',
    url: 'https://github.com/advisories/GHSA-1', affected: [{ name: 'ws', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }], versions: [] }],
  });
  assert.equal(securityWgWs?.severity, 'moderate');
  assert.deepEqual(securityWgWs?.affected[0]?.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '1.1.0' }] }]);
});

it('records each source\'s commit and dates, and dates the snapshot by its oldest source', () => {
  const snapshot = makeSnapshot(lockfile, [ghsa, bare], new Date('2026-12-01T00:00:00Z'));
  const commit = git('rev-parse', 'HEAD');
  assert.deepEqual(snapshot.sources[1], {
    name: 'Node.js Security WG, npm ecosystem', repository: 'nodejs/security-wg', commit, commitDate: '2026-04-08T21:26:49.000Z',
    newestAdvisory: '2016-02-01T00:00:00Z', advisories: 2,
  });
  // The checkout has no .git: it is dated by its newest advisory.
  assert.equal(snapshot.sources[0]?.commitDate, '2025-03-01T00:00:00Z');
  assert.equal(snapshot.snapshotDate, '2025-03-01T00:00:00Z');
});
