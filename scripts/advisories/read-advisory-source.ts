// Reads one advisory source: a git directory (bare, as a mirror is) or a checkout of
// github/advisory-database (OSV under advisories/github-reviewed) or nodejs/security-wg
// (vuln/npm), or any folder of OSV JSON files (an osv.dev export).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Advisory, SnapshotSource } from './advisory-snapshot.ts';
import { compactOsv, compactSecurityWg } from './compact-advisory.ts';

type Layout = { name: string; repository: string; folder: string; read: (file: string, names: ReadonlySet<string>) => Advisory | undefined };

const layouts: Layout[] = [
  { name: 'GitHub Advisory Database, reviewed', repository: 'github/advisory-database', folder: 'advisories/github-reviewed', read: readOsv },
  { name: 'Node.js Security WG, npm ecosystem', repository: 'nodejs/security-wg', folder: 'vuln/npm', read: readSecurityWg },
];

export type SourceAdvisories = { source: SnapshotSource; advisories: Advisory[] };

export function readAdvisorySource(path: string, names: ReadonlySet<string>): SourceAdvisories {
  if (isBareGitDirectory(path)) return readGitDirectory(path, names);
  const layout = layouts.find((candidate) => existsSync(join(path, candidate.folder)));
  const revision = existsSync(join(path, '.git')) ? gitRevision(['-C', path]) : { commit: 'unknown', commitDate: '' };
  const advisories = readFolder(layout ? join(path, layout.folder) : path, layout?.read ?? readOsv, names);
  return { source: describe(layout, path, revision, advisories), advisories };
}

function readGitDirectory(gitDirectory: string, names: ReadonlySet<string>): SourceAdvisories {
  const listed = (folder: string) => execFileSync('git', ['--git-dir', gitDirectory, 'ls-tree', '--name-only', 'HEAD', folder], { encoding: 'utf8' }).trim() !== '';
  const layout = layouts.find((candidate) => listed(candidate.folder));
  if (!layout) throw new Error(`${gitDirectory}: HEAD has neither ${layouts.map((candidate) => candidate.folder).join(' nor ')}`);
  const checkout = mkdtempSync(join(tmpdir(), 'advisories-'));
  try {
    // Only the advisory folder is unpacked: the whole tree of github/advisory-database is GBs.
    execFileSync('bash', ['-o', 'pipefail', '-c', 'git --git-dir "$1" archive HEAD "$2" | tar -x -C "$3"', 'bash', gitDirectory, layout.folder, checkout], { stdio: ['ignore', 'ignore', 'inherit'] });
    const advisories = readFolder(join(checkout, layout.folder), layout.read, names);
    return { source: describe(layout, gitDirectory, gitRevision(['--git-dir', gitDirectory]), advisories), advisories };
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}

function readFolder(folder: string, read: Layout['read'], names: ReadonlySet<string>): Advisory[] {
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json') && !file.endsWith('index.json'));
  return files.flatMap((file) => {
    const advisory = read(join(folder, file), names);
    return advisory ? [advisory] : [];
  });
}

function readOsv(file: string, names: ReadonlySet<string>): Advisory | undefined {
  const text = readFileSync(file, 'utf8');
  // Most of the database is other ecosystems: skip them before parsing.
  if (!/"ecosystem":\s*"npm"/.test(text)) return undefined;
  return compactOsv(JSON.parse(text), names);
}

function readSecurityWg(file: string, names: ReadonlySet<string>): Advisory | undefined {
  return compactSecurityWg(JSON.parse(readFileSync(file, 'utf8')), names);
}

function describe(layout: Layout | undefined, path: string, revision: { commit: string; commitDate: string }, advisories: Advisory[]): SnapshotSource {
  const newestAdvisory = advisories.reduce((newest, advisory) => (advisory.modified > newest ? advisory.modified : newest), '');
  return {
    name: layout?.name ?? 'OSV records',
    repository: layout?.repository ?? path,
    commit: revision.commit,
    commitDate: revision.commitDate || newestAdvisory,
    newestAdvisory,
    advisories: advisories.length,
  };
}

function gitRevision(where: string[]): { commit: string; commitDate: string } {
  const [commit, commitDate] = execFileSync('git', [...where, 'log', '-1', '--format=%H%n%cI'], { encoding: 'utf8' }).trim().split('\n');
  return { commit: commit!, commitDate: new Date(commitDate!).toISOString() };
}

function isBareGitDirectory(path: string): boolean {
  return existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects')) && statSync(join(path, 'objects')).isDirectory();
}
